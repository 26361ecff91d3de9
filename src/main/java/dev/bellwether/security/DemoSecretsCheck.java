package dev.bellwether.security;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Production refuses to start with a secret still at the demo value that
 * {@code application.properties} gives it for developer machines. The demo stack (docker/run-local.sh,
 * compose, the end-to-end suite, the benchmark) says {@code BW_ALLOW_DEMO_SECRETS=true} out loud.
 */
@ApplicationScoped
public class DemoSecretsCheck {

    /** A secret setting: its environment variable, its configuration property and its demo value. */
    record Secret(String variable, String property, String demoValue) {
    }

    static final List<Secret> SECRETS = List.of(
            new Secret("BW_OIDC_CLIENT_SECRET", "quarkus.oidc.credentials.secret", "bellwether-web-demo-secret"),
            new Secret("BW_SESSION_SECRET", "quarkus.oidc.token-state-manager.encryption-secret",
                    "local-demo-session-secret-change-me-in-prod"),
            new Secret("BW_STATE_SECRET", "quarkus.oidc.authentication.state-secret",
                    "local-demo-state-secret-change-me-in-prod"),
            new Secret("BW_KEYCLOAK_ADMIN_CLIENT_SECRET", "bellwether.keycloak-admin.client-secret",
                    "bellwether-admin-demo-secret"),
            // the database roles' passwords of docker/postgres/bootstrap-roles.sql: the owner's bypasses
            // row-level security, so a known password of it reads every tenant
            new Secret("BW_DB_APP_PASSWORD", "quarkus.datasource.password", "bellwether_app"),
            new Secret("BW_DB_OWNER_PASSWORD", "quarkus.flyway.password", "bellwether_owner"));

    static final String ALLOW = "bellwether.allow-demo-secrets";

    void onStart(@Observes StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        boolean allowed = config.getOptionalValue(ALLOW, Boolean.class).orElse(false);
        Optional<String> refusal = refusal(LaunchMode.current(), allowed,
                name -> config.getOptionalValue(name, String.class));
        if (refusal.isPresent()) {
            throw new IllegalStateException(refusal.get());
        }
    }

    /** Why production may not start with this configuration, or empty when it may. */
    static Optional<String> refusal(LaunchMode mode, boolean demoAllowed, Function<String, Optional<String>> config) {
        if (mode != LaunchMode.NORMAL || demoAllowed) {
            return Optional.empty();
        }
        List<String> demo = SECRETS.stream()
                .filter(secret -> config.apply(secret.property()).map(secret.demoValue()::equals).orElse(false))
                .map(Secret::variable).toList();
        if (demo.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Bellwether will not start in production with demo secrets: set " + String.join(", ", demo)
                + " to secrets of your own (at least 32 characters),"
                + " or set BW_ALLOW_DEMO_SECRETS=true on a demo machine."
                + " See docs/deployment.md.");
    }
}
