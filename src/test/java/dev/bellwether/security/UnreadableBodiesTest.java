package dev.bellwether.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;

/**
 * JSON past Jackson's limits is the client's fault, a 400 saying which limit, never a 500: it was refused inside
 * our own reader ({@link NulRejectingJson}), so the mapper took it for a defect of ours.
 */
@QuarkusTest
class UnreadableBodiesTest {

    static final String TENANT = "unreadable-bodies";

    @Inject
    TestTenants tenants;

    @Test
    void jsonPastTheReadersLimitsIsA400() {
        tenants.ensure(TENANT);
        String token = FakeKeycloak.accessToken("cam", TENANT, "csm");
        String deep = "{\"digest\":" + "[".repeat(1001) + "]".repeat(1001) + "}";
        given().auth().oauth2(token).contentType("application/json").body(deep).put("/api/v1/me/notifications")
                .then().statusCode(400).body("message", startsWith("The body is not JSON that can be read:"))
                .body("message", containsString("nesting depth (1001) exceeds the maximum allowed (1000"));
        String digits = "{\"digest\":1" + "0".repeat(1000) + "}";
        given().auth().oauth2(token).contentType("application/json").body(digits).put("/api/v1/me/notifications")
                .then().statusCode(400).body("message", containsString("Number value length (1001) exceeds"));
        String name = "{\"" + "a".repeat(50_001) + "\":1}";
        given().auth().oauth2(token).contentType("application/json").body(name).put("/api/v1/me/notifications")
                .then().statusCode(400).body("error", equalTo("bad_request"))
                .body("message", containsString("Name length (50001) exceeds"));
    }
}
