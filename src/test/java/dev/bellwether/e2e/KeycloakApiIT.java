package dev.bellwether.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.RealKeycloak;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged app with the real Keycloak, without a browser: redirects and bearer tokens. */
@QuarkusIntegrationTest
class KeycloakApiIT {

    /** A token from the password grant on the public {@code bellwether-cli} client, as scripts get one. */
    static String passwordGrantToken(String username) {
        return given().formParam("grant_type", "password").formParam("client_id", "bellwether-cli")
                .formParam("username", username).formParam("password", "demo")
                .when().post(RealKeycloak.realmUrl() + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    @Test
    void anonymousPageRedirectsToKeycloakLogin() {
        given().redirects().follow(false)
                .when().get("/executive")
                .then().statusCode(302)
                .header("Location", startsWith(RealKeycloak.realmUrl() + "/protocol/openid-connect/auth?"));
    }

    @Test
    void scriptCallsTheApiWithAPasswordGrantToken() {
        String token = passwordGrantToken("gia");
        given().auth().oauth2(token)
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("user", equalTo("gia"))
                .body("name", equalTo("Gia Romano"))
                .body("email", equalTo("gia@globex.example"))
                .body("tenant", equalTo("globex"))
                .body("roles", contains("csm"));
        given().when().get("/api/v1/me").then().statusCode(401);
    }
}
