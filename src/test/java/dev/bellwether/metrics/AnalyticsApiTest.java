package dev.bellwether.metrics;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;

/** Breakdowns and churn drivers over HTTP: months, bad parameters, roles, and another tenant. */
@QuarkusTest
class AnalyticsApiTest {

    @Inject
    TestTenants tenants;

    @Inject
    Recalculations recalculations;

    @Test
    void breakdownsOfAnyMonthBadParametersAnswer422AndAnotherTenantSeesNothing() {
        String tenant = tenants.create("analytics");
        upload(FakeKeycloak.accessToken("ada", tenant, "admin"), SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        String eve = FakeKeycloak.accessToken("eve", tenant, "executive");

        // an earlier month: the sample's first month has no starting MRR, so no NRR in any slice
        given().auth().oauth2(eve).get("/api/v1/breakdown?by=plan&month=2025-09").then().statusCode(200)
                .body("key", equalTo(List.of("(none)", "Enterprise", "Growth", "Scale", "Starter")))
                .body("nrr", equalTo(java.util.Arrays.asList(null, null, null, null, null)));
        // key order, character by character, as the contract's sample has it, whatever the database's collation
        // (which would put "Éducation" among the E's)
        given().auth().oauth2(eve).get("/api/v1/breakdown?by=tenure").then().statusCode(200)
                .body("key", equalTo(List.of("0-5", "12-23", "24+", "6-11")));
        List<String> industries = given().auth().oauth2(eve).get("/api/v1/breakdown?by=industry").then()
                .statusCode(200).extract().path("key");
        assertEquals(industries.stream().sorted().toList(), industries);
        assertEquals("Éducation / Education", industries.get(industries.size() - 1));
        List<Number> ending = given().auth().oauth2(eve).get("/api/v1/breakdown?by=tenure").then().statusCode(200)
                .extract().path("endingMrr");
        double total = ending.stream().mapToDouble(Number::doubleValue).sum();
        assertEquals(167133.94, total, 0.1, "the tenure slices add up to the tenant's ending MRR");

        given().auth().oauth2(eve).get("/api/v1/breakdown?by=region").then().statusCode(422)
                .body("errors[0].field", equalTo("by"))
                .body("errors[0].message", containsString("segment, industry, plan, csm, tenure"));
        given().auth().oauth2(eve).get("/api/v1/breakdown").then().statusCode(422)
                .body("errors[0].field", equalTo("by"));
        // the echo is cut after 40 characters, not inside the emoji that is the 40th
        given().auth().oauth2(eve).get("/api/v1/breakdown?by=" + "a".repeat(39) + "😀xyz").then().statusCode(422)
                .body("errors[0].message", containsString("\"" + "a".repeat(39) + "😀…\""));
        given().auth().oauth2(eve).get("/api/v1/breakdown?by=plan&month=2026-13").then().statusCode(422)
                .body("errors[0].field", equalTo("month"))
                // of the form, but no month: said so, not asked for the form it has
                .body("errors[0].message", equalTo("2026-13 is not a real month; months with data are 2025-09 to"
                        + " 2026-10"));
        given().auth().oauth2(eve).get("/api/v1/breakdown?by=plan&month=2026-1").then().statusCode(422)
                .body("errors[0].message", containsString("month must be YYYY-MM, e.g. 2026-03, not \"2026-1\";"
                        + " months with data are 2025-09 to 2026-10"));
        given().auth().oauth2(eve).get("/api/v1/breakdown?by=plan&month=2024-01").then().statusCode(422)
                .body("errors[0].message", containsString("2025-09 to 2026-10"));
        given().auth().oauth2(eve).get("/api/v1/breakdown?by=x&month=x").then().statusCode(422)
                .body("errors", hasSize(2));

        given().auth().oauth2(FakeKeycloak.accessToken("cam", tenant, "csm")).get("/api/v1/churn-drivers").then()
                .statusCode(200).body("health.name", equalTo("health")).body("measures", hasSize(7))
                .body("suggestion.weights.usage", equalTo(50));

        String other = FakeKeycloak.accessToken("gus", tenants.create("other"), "admin");
        given().auth().oauth2(other).get("/api/v1/breakdown?by=segment").then().statusCode(404);
        given().auth().oauth2(other).get("/api/v1/churn-drivers").then().statusCode(404);
    }
}
