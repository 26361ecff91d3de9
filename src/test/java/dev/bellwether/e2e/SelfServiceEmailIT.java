package dev.bellwether.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.RealKeycloak;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/**
 * Finding 1 of issue 13 against the real Keycloak: a CSM's book is the accounts whose csm_email is
 * their email, so they must not be able to change it themselves through Keycloak's account API.
 * The CSM is created the way an admin creates people (the admin API), so they hold Keycloak's
 * default roles, manage-account included; the imported demo users do not.
 */
@QuarkusIntegrationTest
class SelfServiceEmailIT {

    private static final String ACCOUNT_API = RealKeycloak.realmUrl() + "/account/";
    private static final String ADMIN_API = RealKeycloak.url() + "/admin/realms/bellwether";
    private static final String EMAIL = "nova.csm@acme.example";

    @Test
    void aCsmCannotChangeTheirOwnEmailInKeycloak() {
        createCsm("nova");
        String token = KeycloakApiIT.passwordGrantToken("nova");
        @SuppressWarnings("unchecked")
        Map<String, Object> me = given().auth().oauth2(token).accept(ContentType.JSON).get(ACCOUNT_API)
                .then().statusCode(200).body("email", equalTo(EMAIL)).extract().as(Map.class);
        me.put("email", "lars.nielsen@bellwether.example");
        given().auth().oauth2(token).contentType(ContentType.JSON).accept(ContentType.JSON).body(me)
                .post(ACCOUNT_API).then().statusCode(400)
                .body("errorMessage", equalTo("error-user-attribute-read-only")).body("field", equalTo("email"));

        String email = given().auth().oauth2(token).accept(ContentType.JSON).get(ACCOUNT_API)
                .then().statusCode(200).extract().path("email");
        assertEquals(EMAIL, email);
        given().auth().oauth2(KeycloakApiIT.passwordGrantToken("nova")).get("/api/v1/me").then().statusCode(200)
                .body("email", equalTo(EMAIL));
    }

    /** A CSM of acme with password "demo", created through the admin API as Keycloak's master admin. */
    private static void createCsm(String username) {
        String admin = given().formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "admin").formParam("password", "admin")
                .post(RealKeycloak.url() + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        Map<String, Object> user = Map.of("username", username, "enabled", true, "email", EMAIL, "emailVerified", true,
                "firstName", "Nova", "lastName", "Csm",
                "credentials", List.of(Map.of("type", "password", "value", "demo", "temporary", false)));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(user)
                .post(ADMIN_API + "/users").then().statusCode(201);
        String id = given().auth().oauth2(admin).queryParam("username", username).queryParam("exact", true)
                .get(ADMIN_API + "/users").then().statusCode(200)
                .extract().path("[0].id");
        List<Map<String, Object>> csm = List.of(given().auth().oauth2(admin)
                .get(ADMIN_API + "/roles/csm").then().statusCode(200)
                .extract().as(Map.class));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(csm)
                .post(ADMIN_API + "/users/" + id + "/role-mappings/realm")
                .then().statusCode(204);
        // a tenant is a Keycloak organization: the CSM joins acme as a member
        String acme = given().auth().oauth2(admin).queryParam("max", 1000).get(ADMIN_API + "/organizations")
                .then().statusCode(200).extract().path("find { it.alias == 'acme' }.id");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("\"" + id + "\"")
                .post(ADMIN_API + "/organizations/" + acme + "/members").then().statusCode(201);
    }
}
