package dev.bellwether.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.PageClient;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;

/**
 * Hardening finding 6: U+0000 in a path, a query, a form field or a JSON string is a 400 naming the
 * problem, never a 500 from the database; so is an empty or malformed multipart upload.
 */
@QuarkusTest
class NulCharacterTest {

    /** Only the platform operator creates tenants: this test's fixed tenants are created first. */
    @BeforeEach
    void createTheTenants() {
        tenants.ensure(TENANT);
    }

    static final String TENANT = "nul-tenant";

    @Inject
    TestTenants tenants;

    @Test
    void inTheApisPathsQueriesAndJsonBodies() {
        tenants.addAccount(TENANT, "ACC-NUL", "Nul Ltd");
        String admin = FakeKeycloak.accessToken("ada", TENANT, "admin");
        given().urlEncodingEnabled(false).auth().oauth2(admin).get("/api/v1/accounts/ACC%00").then().statusCode(400)
                .body(containsString("U+0000"));
        given().urlEncodingEnabled(false).auth().oauth2(admin).get("/api/v1/accounts?csm=a%00b").then().statusCode(400);
        given().urlEncodingEnabled(false).auth().oauth2(admin).get("/api/v1/alerts?account=a%00b").then()
                .statusCode(400);
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"band\":\"at_risk\",\"reason\":\"a\\u0000b\",\"expiresOn\":\"2099-01-01\"}")
                .put("/api/v1/accounts/ACC-NUL/override").then().statusCode(400).body(containsString("U+0000"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"note\":\"x\\u0000\"}")
                .post("/api/v1/alerts/1/acknowledge").then().statusCode(400);
    }

    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = {@Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = "cam@nul.example")})
    void inThePagesQueriesAndForms() {
        given().urlEncodingEnabled(false).get("/csm?q=a%00b").then().statusCode(400).body(containsString("U+0000"));
        given().urlEncodingEnabled(false).get("/accounts/ACC%00").then().statusCode(400);
        PageClient.htmx("/csm").contentType(ContentType.URLENC).formParam("note", "call\u0000them")
                .post("/csm/alerts/1").then().statusCode(400).body(containsString("U+0000"));
    }

    @Test
    void emptyOrMalformedMultipartUploadsAreBadRequests() {
        String admin = FakeKeycloak.accessToken("ada", TENANT, "admin");
        given().auth().oauth2(admin).contentType("multipart/form-data; boundary=xyz").body(new byte[0])
                .post("/api/v1/imports").then().statusCode(400);
        given().auth().oauth2(admin).contentType("multipart/form-data; boundary=xyz")
                .body("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"accounts.csv\"\r\n\r\nab"
                        .getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/imports").then().statusCode(400);
        // no boundary at all: read as a form without parts, which the import refuses as having no file
        given().auth().oauth2(admin).contentType("multipart/form-data").body("garbage".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/imports").then().statusCode(422).body(containsString("file"));
    }
}
