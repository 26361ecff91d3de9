package dev.bellwether.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.LaunchMode;

/** Finding 9 of issue 13: production refuses the demo secrets unless a demo machine allows them. */
class DemoSecretsCheckTest {

    private static final Pattern DEFAULT = Pattern.compile("\\$\\{(BW_[A-Z_]+):([^}]*)}");

    /** Each secret as application.properties resolves it when no environment variable is set. */
    private static Map<String, String> shippedDefaults() throws IOException {
        Properties file = new Properties();
        try (InputStream in = DemoSecretsCheckTest.class.getResourceAsStream("/application.properties")) {
            file.load(in);
        }
        Map<String, String> values = new HashMap<>();
        for (DemoSecretsCheck.Secret secret : DemoSecretsCheck.SECRETS) {
            Matcher m = DEFAULT.matcher(file.getProperty(secret.property()));
            assertTrue(m.matches(), secret.property() + " comes from the environment with a default");
            assertEquals(secret.variable(), m.group(1));
            values.put(secret.property(), m.group(2));
        }
        return values;
    }

    private static Optional<String> check(LaunchMode mode, boolean allowed, Map<String, String> config) {
        return DemoSecretsCheck.refusal(mode, allowed, key -> Optional.ofNullable(config.get(key)));
    }

    @Test
    void productionWithTheShippedDefaultsRefusesToStartNamingEverySetting() throws IOException {
        Map<String, String> config = shippedDefaults();
        Optional<String> refusal = check(LaunchMode.NORMAL, false, config);
        assertTrue(refusal.isPresent());
        assertTrue(refusal.get().contains(
                "BW_OIDC_CLIENT_SECRET, BW_SESSION_SECRET, BW_STATE_SECRET, BW_KEYCLOAK_ADMIN_CLIENT_SECRET,"
                        + " BW_DB_APP_PASSWORD, BW_DB_OWNER_PASSWORD"),
                refusal.get());
        assertTrue(refusal.get().contains("BW_ALLOW_DEMO_SECRETS=true"), refusal.get());
    }

    @Test
    void oneDemoSecretLeftIsNamedAlone() throws IOException {
        Map<String, String> config = shippedDefaults();
        config.put("quarkus.oidc.credentials.secret", "a-real-client-secret-from-the-vault-0123");
        config.put("quarkus.oidc.authentication.state-secret", "another-real-secret-from-the-vault-4567");
        config.put("bellwether.keycloak-admin.client-secret", "the-admin-client-secret-from-the-vault-89");
        config.put("quarkus.datasource.password", "the-app-role-password-from-the-vault-0000");
        config.put("quarkus.flyway.password", "the-owner-role-password-from-the-vault-111");
        Optional<String> refusal = check(LaunchMode.NORMAL, false, config);
        assertEquals(Optional.of("Bellwether will not start in production with demo secrets: set BW_SESSION_SECRET to "
                + "secrets of your own (at least 32 characters), or set BW_ALLOW_DEMO_SECRETS=true on a demo machine. "
                + "See docs/deployment.md."), refusal);
    }

    @Test
    void realSecretsStartAndDemoSecretsStartWhereAllowedOrOutsideProduction() throws IOException {
        Map<String, String> demo = shippedDefaults();
        assertEquals(Optional.empty(), check(LaunchMode.NORMAL, true, demo));
        assertEquals(Optional.empty(), check(LaunchMode.DEVELOPMENT, false, demo));
        assertEquals(Optional.empty(), check(LaunchMode.TEST, false, demo));
        Map<String, String> real = new HashMap<>();
        demo.keySet().forEach(key -> real.put(key, "x".repeat(40)));
        assertEquals(Optional.empty(), check(LaunchMode.NORMAL, false, real));
    }
}
