package dev.bellwether.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.ingest.demo.DatasetGenerator;
import dev.bellwether.testing.DatabaseBootstrap;
import dev.bellwether.testing.RealKeycloak;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;

/**
 * Kills the app with SIGKILL in the middle of a large import and proves the import is all or
 * nothing: the tenant's data is exactly as before, and after a restart the import shows as failed.
 * Runs its own instance of the packaged app (the one it kills) beside the suite's.
 */
@QuarkusIntegrationTest
class CrashDuringImportIT {

    private static final int PORT = Integer.getInteger("bellwether.it.crash-port", 8083);
    private static final List<String> TABLES = List.of("account", "mrr", "product_usage", "survey_response", "ticket",
            "activity", "opportunity");

    private Process app;

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.destroy();
        }
    }

    @Test
    void killedMidImportLeavesNoRowAndTheImportFailsAfterRestart() throws Exception {
        Path data = Files.createTempDirectory("crash");
        new DatasetGenerator(new DatasetGenerator.Profile(1500, 24, YearMonth.of(2026, 10),
                List.of("gia@globex.example"), 50, 3)).write(data);
        String token = KeycloakApiIT.passwordGrantToken("gus");
        List<String> before = fingerprint("globex");

        app = startApp();
        CompletableFuture<Integer> upload = CompletableFuture.supplyAsync(() -> given().baseUri("http://localhost")
                .port(PORT).auth().oauth2(token)
                .multiPart("file", data.resolve("accounts.csv").toFile())
                .multiPart("file", data.resolve("usage.csv").toFile())
                .post("/api/v1/imports").statusCode());

        String importId = awaitProcessingImport("globex", Duration.ofMinutes(2))
                .orElseThrow(() -> new AssertionError("the import never got going"));
        app.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no rollback by the app
        app = null;
        upload.handle((status, error) -> null).get(60, TimeUnit.SECONDS);

        assertEquals(before, fingerprint("globex"), "a killed import must leave no row behind");

        app = startApp();
        Instant deadline = Instant.now().plusSeconds(60);
        String status;
        do {
            status = given().baseUri("http://localhost").port(PORT).auth().oauth2(token)
                    .get("/api/v1/imports/" + importId).then().statusCode(200).extract().path("status");
            Thread.sleep(500);
        } while (!status.equals("failed") && Instant.now().isBefore(deadline));
        given().baseUri("http://localhost").port(PORT).auth().oauth2(token)
                .get("/api/v1/imports/" + importId).then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("message", containsString("Nothing from it was written"));
        assertEquals(before, fingerprint("globex"));
    }

    private static Process startApp() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + PORT,
                "-Dquarkus.management.port=" + (PORT + 1000),
                "-Dquarkus.datasource.jdbc.url=" + DatabaseBootstrap.jdbcUrl(),
                "-Dbellwether.keycloak.url=" + RealKeycloak.url(),
                "-Dbellwether.demo-tenants=" + RealKeycloak.DEMO_TENANTS,
                "-jar", "target/quarkus-app/quarkus-run.jar"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target/crash-it-app.log").toFile())).start();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + (PORT + 1000) + "/q/health/ready"))
                .build();
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            assertTrue(process.isAlive(), "the app exited; see target/crash-it-app.log");
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the app did not become ready; see target/crash-it-app.log");
    }

    /** The id of the tenant's import once it is well into reading its files. */
    private static Optional<String> awaitProcessingImport(String tenant, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        try (Connection connection = DatabaseBootstrap.superuserConnection();
                PreparedStatement query = connection.prepareStatement("select id from import_batch where tenant_id = ?"
                        + " and status = 'processing' and phase like 'Reading usage%' and progress >= 20")) {
            query.setString(1, tenant);
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rows = query.executeQuery()) {
                    if (rows.next()) {
                        return Optional.of(rows.getString(1));
                    }
                }
                Thread.sleep(100);
            }
        }
        return Optional.empty();
    }

    /** Every imported row of the tenant, digested per table (as the superuser, so nothing is hidden). */
    private static List<String> fingerprint(String tenant) throws SQLException {
        List<String> prints = new ArrayList<>();
        try (Connection connection = DatabaseBootstrap.superuserConnection()) {
            for (String table : TABLES) {
                try (PreparedStatement statement = connection.prepareStatement("select count(*) || ':' || "
                        + "coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from " + table
                        + " t where tenant_id = ?")) {
                    statement.setString(1, tenant);
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        prints.add(table + "=" + rows.getString(1));
                    }
                }
            }
        }
        return prints;
    }

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }
}
