package dev.bellwether.ingest.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

import dev.bellwether.account.AccountRepository;
import dev.bellwether.ingest.ImportOutcome;
import dev.bellwether.ingest.ImportRequest;
import dev.bellwether.ingest.ImportService;
import dev.bellwether.ingest.Uploads;
import dev.bellwether.platform.Clocks;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.tenant.TenantRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.context.api.ManagedExecutorConfig;

/**
 * Fills the demo tenants with generated data on the first start of a local stack
 * ({@code bellwether.demo-data.enabled}, set by docker/run-local.sh), so a newcomer sees living
 * pages. A tenant that already has accounts is left alone. The data goes through the same import
 * as an admin's upload.
 */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);

    /** The demo tenants of the realm, each with its own size, CSMs and seed. */
    static final List<DemoTenant> TENANTS = List.of(
            new DemoTenant("acme", 160,
                    List.of("cam@acme.example", "cole@acme.example", "dana.whitfield@acme.example"), 11),
            new DemoTenant("globex", 90, List.of("gia@globex.example", "leo.hart@globex.example"), 23));

    record DemoTenant(String id, int accounts, List<String> csms, long seed) {
    }

    @ConfigProperty(name = "bellwether.demo-data.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    ImportService imports;

    @Inject
    TenantRegistry tenants;

    @Inject
    AccountRepository accounts;

    @Inject
    Clock clock;

    /** A managed executor that carries no context of the start-up into the background work. */
    @Inject
    @ManagedExecutorConfig(maxAsync = 1, propagated = {}, cleared = ThreadContext.ALL_REMAINING)
    ManagedExecutor background;

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            background.runAsync(this::fillEmptyDemoTenants);
        }
    }

    void fillEmptyDemoTenants() {
        YearMonth lastMonth = Clocks.thisMonth(clock).minusMonths(1);
        for (DemoTenant tenant : TENANTS) {
            try {
                TenantContext.run(tenant.id(), () -> fill(tenant, lastMonth));
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not load the demo data of tenant %s", tenant.id());
            }
        }
    }

    void fill(DemoTenant tenant, YearMonth lastMonth) {
        if (!tenants.exists(tenant.id())) {
            LOG.warnf("No demo data for tenant %s: it does not exist (bellwether.demo-tenants creates it)",
                    tenant.id());
            return;
        }
        if (QuarkusTransaction.requiringNew().call(() -> accounts.count()) > 0) {
            return;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("bellwether-demo-" + tenant.id());
            new DatasetGenerator(new DatasetGenerator.Profile(tenant.accounts(), 24, lastMonth, tenant.csms(), 30,
                    tenant.seed())).write(dir);
            List<Uploads.Part> parts;
            try (Stream<Path> files = Files.list(dir)) {
                parts = files.map(f -> new Uploads.Part(f.getFileName().toString(), f)).toList();
            }
            try (Uploads uploads = Uploads.of(parts, Long.MAX_VALUE)) {
                ImportOutcome outcome = imports.run(ImportRequest.of("demo", "demo-data", "Demo data", uploads));
                LOG.infof("Demo data for tenant %s: %s %s", tenant.id(), outcome.status(), outcome.rows());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("Could not delete " + dir, e);
        }
    }
}
