package dev.bellwether.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the real Keycloak distribution (fetched and unpacked by Maven into
 * {@code target/keycloak-<version>}) with the project's demo realm, for the end-to-end suite.
 * It starts from an empty Keycloak database every run, so the realm file in
 * {@code docker/keycloak/} is always the one imported. Does nothing for {@code @QuarkusTest}.
 */
public class RealKeycloak implements QuarkusTestResourceLifecycleManager {

    public static final int PORT = Integer.getInteger("bellwether.it.keycloak.port", 8190);
    /** The demo realm's tenants: only the operator creates tenants, so the app creates these at start-up. */
    public static final String DEMO_TENANTS = "acme,globex";
    /** Keycloak's own health and metrics port: 1000 above its HTTP port, so parallel suites do not collide. */
    private static final int MANAGEMENT_PORT =
            Integer.getInteger("bellwether.it.keycloak.management-port", PORT + 1000);
    /** The ports the suite runs the app on: the web client must be allowed to return there after sign-in. */
    private static final List<Integer> APP_PORTS = List.of(Integer.getInteger("quarkus.http.test-port", 8081),
            Integer.getInteger("bellwether.it.crash-port", 8083));
    /** How long a port the suite's Keycloak needs may stay taken before the suite gives up, saying so. */
    private static final Duration PORT_WAIT = Duration.ofSeconds(30);
    /** Where Keycloak sends its emails during the suite (see DigestMailServer). */
    public static final int SMTP_PORT = Integer.getInteger("bellwether.test.smtp-port", 3125) + 1;
    private static final Duration STARTUP = Duration.ofMinutes(5);

    /** Set by failsafe for the end-to-end suite, which runs the packaged app. */
    private final boolean integrationTest = Boolean.getBoolean("bellwether.e2e");
    private Process process;


    public static String url() {
        return "http://localhost:" + PORT;
    }

    public static String realmUrl() {
        return url() + "/realms/bellwether";
    }

    @Override
    public Map<String, String> start() {
        if (!integrationTest) {
            return Map.of();
        }
        Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak"));
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("Keycloak is not unpacked at " + home
                    + "; run the suite through ./mvnw verify");
        }
        // a Keycloak left from a run killed midway holds the ports: this one would fail to bind, its own log alone
        // saying so, and the suite would run against the old one's realm and users
        requireFree(PORT, "bellwether.it.keycloak.port");
        requireFree(MANAGEMENT_PORT, "bellwether.it.keycloak.management-port");
        try {
            deleteRecursively(home.resolve("data/h2"));
            Files.createDirectories(home.resolve("data/import"));
            Files.writeString(home.resolve("data/import/bellwether-realm.json"),
                    withAppPorts(Files.readString(Path.of("docker/keycloak/bellwether-realm.json"))));
            // A second realm stands in for a customer's own identity provider (bring-your-own SSO).
            Files.writeString(home.resolve("data/import/customer-realm.json"),
                    Files.readString(Path.of("src/test/resources/keycloak/customer-realm.json"))
                            .replace("KEYCLOAK_PORT", String.valueOf(PORT)));
            Path log = Path.of("target/keycloak-it.log");
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + PORT, "--http-management-port=" + MANAGEMENT_PORT,
                    "--import-realm")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            // The realm file's SMTP settings are placeholders: Keycloak's own emails (invitations) go to the
            // suite's SMTP server (DigestMailServer's GreenMail, on the test SMTP port + 1).
            builder.environment().put("BW_KC_SMTP_HOST", "127.0.0.1");
            builder.environment().put("BW_KC_SMTP_PORT", String.valueOf(SMTP_PORT));
            process = builder.start();
            awaitRealm(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("bellwether.keycloak.url", url(), "bellwether.allow-demo-secrets", "true",
                "bellwether.demo-tenants", DEMO_TENANTS,
                "bellwether.keycloak-admin.invite-redirect", "http://localhost:" + APP_PORTS.get(0) + "/",
                "bellwether.sso.allow-local-http-issuer", "true");
    }

    /**
     * Fails, naming the port and what to do, when something still listens on {@code port} after {@link #PORT_WAIT}
     * (the previous test class's Keycloak may take a moment to let it go).
     */
    static void requireFree(int port, String property) {
        Instant deadline = Instant.now().plus(PORT_WAIT);
        while (true) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress("127.0.0.1", port));
                return;
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Port " + port + " is in use, so the suite's Keycloak cannot"
                            + " start on it: a Keycloak left from an earlier run? Stop it (pkill -f"
                            + " keycloak-quarkus-dist, or whatever holds the port) or set -D" + property
                            + " to a free port.", e);
                }
                sleep();
            }
        }
    }

    /** The realm with the suite's app ports added to the web client's redirect URIs (8081 is already there). */
    static String withAppPorts(String realm) {
        String anchor = "\"http://localhost:8081/*\",";
        if (!realm.contains(anchor)) {
            throw new IllegalStateException("The realm file no longer lists " + anchor + " among the redirect URIs");
        }
        StringBuilder extra = new StringBuilder();
        APP_PORTS.stream().distinct().forEach(port -> extra.append("\"http://localhost:").append(port).append("/*\", ")
                .append("\"http://127.0.0.1:").append(port).append("/*\", "));
        return realm.replace(anchor, extra + anchor);
    }

    @Override
    public void stop() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitRealm(Path log) {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(realmUrl() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited during start-up; see " + log.toAbsolutePath());
            }
            try {
                if (client.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        throw new IllegalStateException("Keycloak did not serve the bellwether realm within " + STARTUP + "; see "
                + log.toAbsolutePath());
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
