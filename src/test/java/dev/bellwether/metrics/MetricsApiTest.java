package dev.bellwether.metrics;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.DatabaseBootstrap;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;

/** The read API around the truth test: months, breakdowns, account lists, roles, tenants. */
@QuarkusTest
class MetricsApiTest {

    @Inject
    TestTenants tenants;

    @Inject
    Recalculations recalculations;

    String tenant;
    String csm;

    /** Figures are doubles: compare them as doubles, not as REST Assured's default floats. */
    @BeforeAll
    static void doubles() {
        RestAssured.config = RestAssured.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE));
    }

    @AfterAll
    static void floats() {
        RestAssured.config = RestAssured.config().jsonConfig(JsonConfig.jsonConfig());
    }

    @BeforeEach
    void sample() {
        tenant = tenants.create("read");
        upload(FakeKeycloak.accessToken("ada", tenant, "admin"), SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        csm = FakeKeycloak.accessToken("cam", tenant, "csm");
    }

    @Test
    void everyMonthOfHistoryAndTheBreakdownsByBothSegmentAndCsm() {
        given().auth().oauth2(csm).get("/api/v1/metrics?month=2026-09").then().statusCode(200)
                .body("month", equalTo("2026-09"));
        given().auth().oauth2(csm).get("/api/v1/metrics?month=2025-09").then().statusCode(200)
                .body("startingMrr", equalTo(0.0)).body("nrr", nullValue());
        given().auth().oauth2(csm).get("/api/v1/metrics?month=2024-01").then().statusCode(404)
                .body("message", containsString("months with data are 2025-09 to 2026-10"));
        given().auth().oauth2(csm).get("/api/v1/metrics?month=last").then().statusCode(400)
                .body("message", equalTo("month must be YYYY-MM, e.g. 2026-03"));
        // of the form but no month: said so, not asked for the form it already has
        given().auth().oauth2(csm).get("/api/v1/metrics/segments?month=2026-13").then().statusCode(400)
                .body("message", equalTo("2026-13 is not a real month; months with data are 2025-09 to 2026-10"));
        for (String month : new String[] {"+5874898-01", "-999999999-01", "12345-01"}) {
            given().auth().oauth2(csm).queryParam("month", month).get("/api/v1/metrics").then().statusCode(400);
            given().auth().oauth2(csm).queryParam("month", month).get("/api/v1/metrics/segments").then()
                    .statusCode(400);
        }
        given().auth().oauth2(csm).get("/api/v1/metrics/history").then().statusCode(200).body("$", hasSize(14))
                .body("[13].month", equalTo("2026-10"));
        given().auth().oauth2(csm).get("/api/v1/metrics/segments").then().statusCode(200)
                .body("key", hasItems("Enterprise", "Mid-Market", "SMB"));
        given().auth().oauth2(csm).get("/api/v1/metrics/csms").then().statusCode(200)
                .body("find { it.key == 'chloe.martin@bellwether.example' }.metrics.activeAccounts", equalTo(15))
                .body("find { it.key == 'chloe.martin@bellwether.example' }.metrics.arr", closeTo(434016.24, 0.01));
    }

    /** An organisation without figures: a blank month reads as none given, and the answer says why. */
    @Test
    void anEmptyMonthOfAnOrganisationWithoutFiguresIsTheNoDataAnswer() {
        String empty = FakeKeycloak.accessToken("cam", tenants.create("read-empty"), "csm");
        for (String path : List.of("/api/v1/metrics/segments", "/api/v1/metrics/csms")) {
            for (String month : new String[] {"", " "}) {
                given().auth().oauth2(empty).queryParam("month", month).get(path).then().statusCode(404)
                        .body("message", equalTo("No metrics yet: they appear once MRR data has been imported and"
                                + " recalculated."));
            }
        }
    }

    @Test
    void accountListsFilterSortAndPage() {
        given().auth().oauth2(csm).get("/api/v1/accounts?band=at_risk").then().statusCode(200)
                .body("accountId", hasItems("ACC-00019", "ACC-00024", "ACC-00057"))
                .body("band", everyItem(equalTo("at_risk")));
        List<Double> mrr = given().auth().oauth2(csm).get("/api/v1/accounts?segment=Enterprise&sort=-mrr").then()
                .statusCode(200).body("segment", everyItem(equalTo("Enterprise"))).body("$", hasSize(5))
                .extract().jsonPath().getList("mrr", Double.class);
        assertEquals(mrr.stream().sorted(java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder()))
                .toList(), mrr, "largest MRR first");
        given().auth().oauth2(csm).get("/api/v1/accounts?csm=yuki.tanaka@bellwether.example").then().statusCode(200)
                .body("csmEmail", everyItem(equalTo("yuki.tanaka@bellwether.example")));
        List<String> yukis = given().auth().oauth2(csm).get("/api/v1/accounts?csm=yuki.tanaka@bellwether.example")
                .then().extract().path("accountId");
        assertFalse(yukis.isEmpty());
        given().auth().oauth2(csm).queryParam("csm", " Yuki.Tanaka@bellwether.example ").get("/api/v1/accounts").then()
                .statusCode(200).body("accountId", equalTo(yukis));
        // the accounts without a band, asked for as the answer writes their band
        List<String> unscored = given().auth().oauth2(csm).get("/api/v1/accounts?band=none").then().statusCode(200)
                .body("band", everyItem(nullValue())).extract().path("accountId");
        assertFalse(unscored.isEmpty());
        given().auth().oauth2(csm).get("/api/v1/accounts?band=null").then().statusCode(200)
                .body("accountId", equalTo(unscored));
        given().auth().oauth2(csm).get("/api/v1/accounts?sort=health").then().statusCode(200)
                .body("$", hasSize(50)).body("[0].health", lessThanOrEqualTo(Double.valueOf(
                        given().auth().oauth2(csm).get("/api/v1/accounts?sort=health").then().extract()
                                .path("[1].health").toString())));
        given().auth().oauth2(csm).get("/api/v1/accounts?page=2").then().statusCode(200).body("$", hasSize(10));
        // an unknown sort names the others in the documented order, the same on every start of the app
        given().auth().oauth2(csm).get("/api/v1/accounts?sort=size").then().statusCode(400)
                .body("message", equalTo("sort must be one of health, -health, mrr, -mrr, name, -name, renewal,"
                        + " -renewal"));
        // the contract's own template, every value empty: the first page of every account, by health
        List<String> first = given().auth().oauth2(csm).get("/api/v1/accounts?sort=health").then().extract()
                .path("accountId");
        given().auth().oauth2(csm).get("/api/v1/accounts?band=&segment=&csm=&sort=&page=").then().statusCode(200)
                .body("accountId", equalTo(first));
        // a blank segment is no filter either (no account's segment is blank), as a blank csm is not
        given().auth().oauth2(csm).queryParam("segment", " ").get("/api/v1/accounts").then().statusCode(200)
                .body("accountId", equalTo(first));
        given().auth().oauth2(csm).get("/api/v1/alerts?status=").then().statusCode(200)
                .body("status", everyItem(org.hamcrest.Matchers.not(equalTo("resolved"))));
        // the alerts come in pages: the whole history, page by page, is the list without a limit, in its order
        List<Object> everyAlert = given().auth().oauth2(csm).get("/api/v1/alerts?status=all").then().statusCode(200)
                .header("X-Truncated", nullValue()).extract().path("id");
        // a page of one alert says more follow; the contract's call, without limit or page, never does
        given().auth().oauth2(csm).get("/api/v1/alerts?status=all&limit=1").then().statusCode(200)
                .body("$", hasSize(1)).header("X-Truncated", equalTo("true"));
        assertTrue(everyAlert.size() > 7, "the sample has a history of alerts");
        List<Object> paged = new java.util.ArrayList<>();
        for (int page = 1; page <= (everyAlert.size() + 6) / 7; page++) {
            var answer = given().auth().oauth2(csm).get("/api/v1/alerts?status=all&limit=7&page=" + page).then()
                    .statusCode(200).extract();
            paged.addAll(answer.path("id"));
            assertEquals(paged.size() < everyAlert.size() ? "true" : null, answer.header("X-Truncated"),
                    "page " + page);
        }
        assertEquals(everyAlert, paged);
        for (String bad : List.of("limit=0", "limit=5001", "limit=x", "page=0", "page=-1", "page=1.5")) {
            given().auth().oauth2(csm).get("/api/v1/alerts?" + bad).then().statusCode(400)
                    .body("message", containsString(bad.substring(0, bad.indexOf('='))));
        }
        given().auth().oauth2(csm).get("/api/v1/accounts?band=red").then().statusCode(400);
        // a repeated band adds up, as on the CSM page (it was the first value alone)
        given().auth().oauth2(csm).get("/api/v1/accounts?band=at_risk&band=needs_attention").then().statusCode(200)
                .body("$", hasSize(19)).body("band", everyItem(org.hamcrest.Matchers.oneOf("at_risk",
                        "needs_attention")));
        given().auth().oauth2(csm).get("/api/v1/accounts?band=at_risk&band=red").then().statusCode(400);
        given().auth().oauth2(csm).get("/api/v1/accounts?sort=mood").then().statusCode(400);
        // a page JAX-RS could not convert to a number was a 404
        for (String page : List.of("abc", "0", "-1", "1.5", "99999999999")) {
            given().auth().oauth2(csm).get("/api/v1/accounts?page=" + page).then().statusCode(400)
                    .body("message", equalTo("page must be a whole number from 1 to 999999999 (1, 2, …)"));
        }
    }

    @Test
    void accountDetailCarriesHistoryAndTheExplanation() {
        given().auth().oauth2(csm).get("/api/v1/accounts/ACC-00001").then().statusCode(200)
                .body("name", equalTo("Åkesson Bikes K.K."))
                .body("history", hasSize(14))
                .body("history[13].month", equalTo("2026-10"))
                .body("history[13].health", closeTo(77.98160057163273, 1e-9))
                .body("explanation.measures.find { it.measure == 'seatUtilization' }.poor", equalTo(20.0))
                .body("explanation.measures.find { it.measure == 'seatUtilization' }.points",
                        closeTo((66.66666666666667 - 20) / 60 * 100, 1e-9))
                .body("explanation.components.find { it.component == 'usage' }.effectiveWeight", closeTo(40.0, 1e-9));
    }

    @Test
    void anAccountsHistoryHasItsActiveMonthsOnly() {
        // ACC-00013 churned in 2026-02 (MRR 0) and 2026-03 (no row) and came back in 2026-04
        given().auth().oauth2(csm).get("/api/v1/accounts/ACC-00013").then().statusCode(200)
                .body("history", hasSize(12))
                .body("history[0].month", equalTo("2025-09"))
                .body("history[4].month", equalTo("2026-01"))
                .body("history[5].month", equalTo("2026-04"))
                .body("history[11].month", equalTo("2026-10"))
                .body("history[10].health", closeTo(65.63721804511279, 1e-9))
                .body("history[11].health", closeTo(49.52192982456141, 1e-9))
                .body("history[11].band", equalTo("needs_attention"));
    }

    @Test
    void anotherTenantSeesNoneOfIt() {
        String other = FakeKeycloak.accessToken("gus", tenants.create("other"), "admin");
        given().auth().oauth2(other).get("/api/v1/metrics").then().statusCode(404);
        given().auth().oauth2(other).get("/api/v1/accounts").then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(other).get("/api/v1/accounts/ACC-00001").then().statusCode(404);
        given().auth().oauth2(other).get("/api/v1/alerts").then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(other).get("/api/v1/cohorts").then().statusCode(404);
        given().auth().oauth2(other).get("/api/v1/recalculation").then().statusCode(404);
    }

    /** Recalculations are numbered across organisations: the number would count the others' imports and events. */
    @Test
    void theLatestRecalculationSaysNothingOfOtherOrganisations() {
        given().auth().oauth2(csm).get("/api/v1/recalculation").then().statusCode(200)
                .body("status", equalTo("done")).body("progress", equalTo(100))
                .body("requestedAt", notNullValue()).body("$", not(hasKey("id")));
    }

    /**
     * A run under way is what the badge and the API show, not the request queued behind it (a feed round's, a
     * note's), whose 0 % would hide the run's progress until it ends.
     */
    @Test
    void aRunningRecalculationIsShownRatherThanTheOneQueuedBehindIt() throws Exception {
        try (java.sql.Connection connection = DatabaseBootstrap.superuserConnection();
                java.sql.Statement statement = connection.createStatement()) {
            // a run whose worker keeps its lease, and a request not due for an hour: the worker takes neither
            statement.executeUpdate("insert into recalculation (tenant_id, reason, status, progress, phase,"
                    + " started_at, heartbeat_at) values ('" + tenant + "', 'import', 'running', 40, 'Health scores',"
                    + " now(), now() + interval '1 hour')");
            statement.executeUpdate("insert into recalculation (tenant_id, reason, run_after) values ('" + tenant
                    + "', 'events', now() + interval '1 hour')");
            try {
                given().auth().oauth2(csm).get("/api/v1/recalculation").then().statusCode(200)
                        .body("status", equalTo("running")).body("progress", equalTo(40))
                        .body("reason", equalTo("import"));
            } finally {
                statement.executeUpdate("delete from recalculation where tenant_id = '" + tenant
                        + "' and status in ('running', 'pending')");
            }
        }
    }
}
