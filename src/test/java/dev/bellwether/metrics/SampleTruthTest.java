package dev.bellwether.metrics;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.upload;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.JsonCompare;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The truth test: the contract's sample zip imported through the API, recalculated in the
 * background, and every figure of expected.json read back through the API to 0.05: the metrics,
 * every account's health, band, components and measures, the open alerts, cohorts, backtest,
 * CSM load, the breakdowns five ways, cohort activation and NPS, and the churn drivers with the
 * suggested weights. Importing it again must not change a figure.
 */
@QuarkusTest
public class SampleTruthTest {

    static final double TOLERANCE = 0.05;
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TestTenants tenants;

    @Test
    void everyExpectedFigureThroughTheApiAndAgainAfterReimport() throws Exception {
        JsonNode expected = JSON.readTree(Files.readString(SAMPLE.resolve("expected.json")));
        String tenant = tenants.create("truth");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");

        importAndAwaitRecalculation(token, "done");
        List<String> first = mismatches(expected, token);
        assertEquals(List.of(), first);
        String before = snapshotOf(token);

        // the same files again: nothing is written and no recalculation is needed, so the figures are done
        importAndAwaitRecalculation(token, "done");
        assertEquals(List.of(), mismatches(expected, token));
        assertEquals(before, snapshotOf(token), "re-importing the same files changes no figure");
    }

    static void importAndAwaitRecalculation(String token, String outcome) throws InterruptedException {
        String id = upload(token, SAMPLE.resolve("all.zip")).then().statusCode(201).extract().path("id");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String state;
        do {
            Thread.sleep(200);
            state = given().auth().oauth2(token).get("/api/v1/imports/" + id).then().statusCode(200).extract()
                    .path("recalculation");
        } while (!List.of("done", "failed").contains(state) && Instant.now().isBefore(deadline));
        assertEquals(outcome, state, "the recalculation of import " + id);
        given().auth().oauth2(token).get("/api/v1/imports/" + id).then().statusCode(200)
                .body("progress", org.hamcrest.Matchers.equalTo(100));
    }

    /** Every figure of {@code expected} (expected.json's shape) that the tenant of {@code token} does not have. */
    public static List<String> mismatches(JsonNode expected, String token) throws IOException {
        List<String> mismatches = new ArrayList<>();
        JsonCompare.compare("metrics", expected.get("metrics"), get(token, "/api/v1/metrics"), TOLERANCE, mismatches);
        JsonCompare.compare("cohorts", expected.get("cohorts"), get(token, "/api/v1/cohorts"), TOLERANCE, mismatches);
        JsonCompare.compare("healthAccuracy", expected.get("healthAccuracy"), get(token, "/api/v1/health-accuracy"),
                TOLERANCE, mismatches);
        JsonCompare.compare("csmLoad", expected.get("csmLoad"), get(token, "/api/v1/csm-load"), TOLERANCE, mismatches);
        for (var by = expected.get("breakdowns").fields(); by.hasNext();) {
            var slices = by.next();
            JsonCompare.compare("breakdowns." + slices.getKey(), slices.getValue(),
                    get(token, "/api/v1/breakdown?by=" + slices.getKey()), TOLERANCE, mismatches);
        }
        JsonCompare.compare("cohortExtras", expected.get("cohortExtras"), get(token, "/api/v1/cohorts"), TOLERANCE,
                mismatches);
        // AUCs, coverages and suggested weights run from 0 to 1 or 100: compared as computed, not to the cent
        JsonCompare.compare("churnDrivers", expected.get("churnDrivers"), get(token, "/api/v1/churn-drivers"),
                1e-9, mismatches);
        for (var it = expected.get("accounts").fields(); it.hasNext();) {
            var entry = it.next();
            JsonNode want = entry.getValue();
            JsonNode got = get(token, "/api/v1/accounts/" + entry.getKey());
            String path = "accounts." + entry.getKey();
            for (String field : List.of("active", "band", "health", "previousHealth", "mrr", "mau", "dauMau",
                    "featureAdoption")) {
                JsonCompare.compare(path + "." + field, want.get(field), got.get(field), TOLERANCE, mismatches);
            }
            JsonCompare.compare(path + ".measures", want.get("measures"), got.get("measures"), TOLERANCE, mismatches);
            JsonNode components = got.get("components");
            for (var c = want.get("components").fields(); c.hasNext();) {
                var component = c.next();
                JsonCompare.compare(path + ".components." + component.getKey(), component.getValue(),
                        components == null ? null : components.get(component.getKey()), TOLERANCE, mismatches);
            }
        }
        TreeSet<String> want = new TreeSet<>();
        expected.get("alerts").forEach(a -> want.add(a.get("accountId").asText() + " " + a.get("rule").asText()));
        TreeSet<String> got = new TreeSet<>();
        get(token, "/api/v1/alerts?status=open")
                .forEach(a -> got.add(a.get("accountId").asText() + " " + a.get("rule").asText()));
        if (!want.equals(got)) {
            mismatches.add("alerts: expected " + want + ", got " + got);
        }
        return mismatches;
    }

    /** Every figure the API serves, to compare before and after a re-import. */
    static String snapshotOf(String token) throws IOException {
        StringBuilder all = new StringBuilder();
        for (String path : List.of("/api/v1/metrics", "/api/v1/metrics/history", "/api/v1/cohorts",
                "/api/v1/health-accuracy", "/api/v1/breakdown?by=tenure", "/api/v1/churn-drivers",
                "/api/v1/csm-load", "/api/v1/accounts?sort=name&page=1", "/api/v1/accounts?sort=name&page=2")) {
            all.append(get(token, path)).append('\n');
        }
        get(token, "/api/v1/alerts?status=all").forEach(a -> all.append(a.get("accountId")).append(a.get("rule"))
                .append(a.get("status")).append(a.get("openedAt")).append('\n'));
        return all.toString();
    }

    static JsonNode get(String token, String path) throws IOException {
        return JSON.readTree(given().auth().oauth2(token).get(path).then().statusCode(200).extract().asString());
    }
}
