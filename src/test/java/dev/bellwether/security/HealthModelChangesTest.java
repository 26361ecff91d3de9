package dev.bellwether.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Hardening finding 11: {@code PUT /api/v1/health-model} accepted unknown fields (a typo silently
 * dropped) and then saved an unchanged version that set off a full recalculation. Unknown fields
 * are a 422 naming them; a model equal to the one in use makes no version, no audit entry and no
 * recalculation.
 */
@QuarkusTest
class HealthModelChangesTest {

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Test
    void unknownFieldsAreRefusedByName() {
        String tenant = tenants.create("model-typo");
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"weights\":{\"usage\":40,\"engagement\":25,\"outcomes\":20,\"financial\":15},"
                        + "\"colour\":\"red\"}")
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", contains("colour: not a field of the health model"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"bands\":{\"healthy\":70,\"atrisk\":40}}")
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", contains("bands.atrisk: not a field of the health model"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"segmentWeights\":{\"a\\u0000b\":{\"usage\":25,\"engagement\":25,\"outcomes\":25,"
                        + "\"financial\":25}}}")
                .put("/api/v1/health-model").then().statusCode(400)
                .body("message", equalTo("U+0000 (a NUL character) is not allowed in any value."));
        assertEquals("0|0", counts(tenant));
    }

    @Test
    void theModelInUseSavedAgainMakesNoVersionAndNoRecalculation() {
        String tenant = tenants.create("model-same");
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        String current = given().auth().oauth2(admin).get("/api/v1/health-model").then().statusCode(200)
                .extract().asString()
                .replaceAll("\"(version|createdAt|createdBy)\":[^,}]*,?", "");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(current)
                .put("/api/v1/health-model").then().statusCode(200)
                .body("version", equalTo(0))
                .body("recalculation", equalTo("none"));
        assertEquals("0|0", counts(tenant));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"bands\":{\"healthy\":75,\"atRisk\":40}}")
                .put("/api/v1/health-model").then().statusCode(200)
                .body("version", equalTo(1))
                .body("recalculation", equalTo("pending"));
        assertEquals("1|1", counts(tenant));
    }

    /** Saved versions | recalculations requested. */
    private String counts(String tenant) {
        return data.single(tenant, "select (select count(*) from health_model) || '|'"
                + " || (select count(*) from recalculation)");
    }
}
