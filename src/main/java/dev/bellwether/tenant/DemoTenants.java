package dev.bellwether.tenant;

import java.util.List;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the demo realm's tenants at start-up ({@code bellwether.demo-tenants}, e.g. {@code acme,globex}):
 * docker/run-local.sh, the test suite and the end-to-end suite set it, production leaves it empty, so
 * there only the platform operator creates tenants. A tenant that exists is left as it is (suspended
 * stays suspended); one the operator deleted comes back at the next start of such a demo stack.
 */
@ApplicationScoped
public class DemoTenants {

    private static final Logger LOG = Logger.getLogger(DemoTenants.class);

    @ConfigProperty(name = "bellwether.demo-tenants")
    Optional<List<String>> ids;

    @Inject
    TenantRegistry registry;

    /** Runs before other start-up observers (the demo data loader fills these tenants). */
    void onStart(@Observes @Priority(100) StartupEvent event) {
        createMissing();
    }

    /** Creates each configured tenant that does not exist yet; answers the ids it created. */
    public List<String> createMissing() {
        return ids.orElse(List.of()).stream().map(String::strip).filter(id -> !id.isEmpty())
                .filter(id -> TenantContext.withoutTenant(() -> QuarkusTransaction.requiringNew().call(
                        () -> registry.create(id, TenantRegistry.defaultDisplayName(id)))))
                .peek(id -> LOG.infof("Created the demo tenant %s", id))
                .toList();
    }
}
