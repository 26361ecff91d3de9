package dev.bellwether.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.ingest.demo.DatasetGenerator;
import dev.bellwether.testing.DatabaseBootstrap;
import dev.bellwether.testing.RealKeycloak;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/**
 * Hardening finding 11: the app is killed with SIGKILL in the middle of a recalculation. The
 * tenant's pages keep the last complete figures the whole time (a snapshot is replaced in one
 * transaction, never cleared first), and another instance takes the job over within 30 seconds
 * (the dead run's lease lapses after 15 s; workers look for such work every 10 s).
 *
 * <p>Runs its own database and app instances beside the suite's, so the suite's worker never
 * competes: a reader with no worker (the pages), a worker told to hold its run before saving (the
 * one killed), and a plain worker started after the kill (the one that takes over).
 */
@QuarkusIntegrationTest
class CrashDuringRecalculationIT {

    private static final int READER = Integer.getInteger("bellwether.it.crash-port", 8083) + 1;
    private static final int WORKER = READER + 1;
    private static final String TENANT = "acme";

    private final List<Process> apps = new ArrayList<>();

    @AfterEach
    void stopApps() {
        apps.forEach(Process::destroy);
    }

    @Test
    void killedMidRecalculationKeepsTheFiguresAndTheJobIsTakenOverWithin30Seconds() throws Exception {
        String database = DatabaseBootstrap.freshDatabase("bellwether_crash_recalc");
        Path data = Files.createTempDirectory("crash-recalc");
        new DatasetGenerator(new DatasetGenerator.Profile(300, 24, YearMonth.of(2026, 10),
                List.of("cam@acme.example"), 20, 3)).write(data);
        start(READER, database, Map.of("bellwether.recalculation.enabled", "false"));
        Process first = start(WORKER, database, Map.of());
        // signed in once the app has made the demo tenants on its new database: a sign-in from before a
        // tenant existed is refused (it would be to an earlier tenant of that id, since deleted)
        String token = KeycloakApiIT.passwordGrantToken("ada");
        given().baseUri("http://localhost").port(READER).auth().oauth2(token)
                .multiPart("file", data.resolve("accounts.csv").toFile())
                .multiPart("file", data.resolve("mrr.csv").toFile())
                .multiPart("file", data.resolve("usage.csv").toFile())
                .post("/api/v1/imports").then().statusCode(201);
        awaitRecalculation(database, "done", Duration.ofMinutes(2));
        stop(first);
        String before = metrics(token);
        assertTrue(before.contains("\"endingMrr\""), before);

        Process held = start(WORKER, database, Map.of("bellwether.recalculation.hold-before-save", "10m"));
        given().baseUri("http://localhost").port(READER).auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"bands\":{\"healthy\":80,\"atRisk\":50}}")
                .put("/api/v1/health-model").then().statusCode(200);
        awaitRecalculation(database, "running", Duration.ofMinutes(1));
        awaitPhase(database, "Saving the results", Duration.ofMinutes(1));
        held.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no rollback by the app
        Instant killed = Instant.now();

        // with no worker alive, the pages serve the last complete figures, whole
        while (Instant.now().isBefore(killed.plusSeconds(8))) {
            assertEquals(before, metrics(token), "the figures while the run lies dead");
            Thread.sleep(500);
        }
        start(WORKER, database, Map.of());
        awaitRecalculation(database, "done", Duration.ofSeconds(60));
        Instant retaken = startOfLatestRun(database);
        assertTrue(Duration.between(killed, retaken).getSeconds() <= 30,
                "the job was taken over " + Duration.between(killed, retaken).getSeconds() + " s after the kill");
        String after = metrics(token);
        assertNotEquals(before, after, "the new bands are in the figures");
    }

    private static String metrics(String token) {
        return given().baseUri("http://localhost").port(READER).auth().oauth2(token)
                .get("/api/v1/metrics").then().statusCode(200).extract().asString();
    }

    private Process start(int port, String database, Map<String, String> settings)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + (port + 1000),
                "-Dquarkus.datasource.jdbc.url=" + database,
                "-Dbellwether.keycloak.url=" + RealKeycloak.url(),
                "-Dbellwether.demo-tenants=" + RealKeycloak.DEMO_TENANTS));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target/crash-recalc-it-app.log").toFile()));
        builder.environment().put("BW_ALLOW_DEMO_SECRETS", "true");
        Process process = builder.start();
        apps.add(process);
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + (port + 1000) + "/q/health/ready"))
                .build();
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            assertTrue(process.isAlive(), "the app exited; see target/crash-recalc-it-app.log");
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the app did not become ready; see target/crash-recalc-it-app.log");
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits until the tenant's latest recalculation has {@code status}. */
    private static void awaitRecalculation(String database, String status, Duration timeout) throws Exception {
        await(database, "select status from recalculation where tenant_id = ? order by id desc limit 1", status,
                timeout);
    }

    private static void awaitPhase(String database, String phase, Duration timeout) throws Exception {
        await(database, "select phase from recalculation where tenant_id = ? and status = 'running'", phase, timeout);
    }

    private static void await(String database, String sql, String expected, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String value = null;
        try (Connection connection = DatabaseBootstrap.superuserConnection(database);
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, TENANT);
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rows = query.executeQuery()) {
                    value = rows.next() ? rows.getString(1) : null;
                }
                if (expected.equals(value)) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("expected " + expected + " from [" + sql + "] but it stayed " + value);
    }

    private static Instant startOfLatestRun(String database) throws SQLException {
        try (Connection connection = DatabaseBootstrap.superuserConnection(database);
                PreparedStatement query = connection.prepareStatement("select started_at from recalculation"
                        + " where tenant_id = ? and status = 'done' order by id desc limit 1")) {
            query.setString(1, TENANT);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getTimestamp("started_at").toInstant();
            }
        }
    }
}
