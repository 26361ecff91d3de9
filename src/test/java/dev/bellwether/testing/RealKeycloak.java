package dev.bellwether.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
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
    private static final int MANAGEMENT_PORT = Integer.getInteger("bellwether.it.keycloak.management-port", 9190);
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
        try {
            deleteRecursively(home.resolve("data/h2"));
            Files.createDirectories(home.resolve("data/import"));
            Files.copy(Path.of("docker/keycloak/bellwether-realm.json"),
                    home.resolve("data/import/bellwether-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            Path log = Path.of("target/keycloak-it.log");
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + PORT, "--http-management-port=" + MANAGEMENT_PORT,
                    "--import-realm")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            process = builder.start();
            awaitRealm(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("bellwether.keycloak.url", url());
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
