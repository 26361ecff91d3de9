package dev.bellwether.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/** The error pages say what happened in words of ours, never the REST layer's own. */
@QuarkusTest
class ErrorPagesTest {

    static final String TENANT = "error-pages";

    @Inject
    TestTenants tenants;

    @BeforeEach
    void createTheTenant() {
        tenants.ensure(TENANT);
    }

    /** An address nothing answers: it read "Unable to find matching target resource method". */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void anUnknownAddressIsNotFoundInPlainWords() {
        given().get("/admin/nope").then().statusCode(404).body(containsString("There is nothing at this address."))
                .body(not(containsString("Unable to find matching")));
        // a form's address opened again (a 422 left the browser there): said, not "Method Not Allowed" twice
        given().get("/admin/integrations/keys").then().statusCode(405).header("Allow", "POST")
                .body(containsString("This address does not take that kind of request (a form&#39;s address opened"
                        + " again, say): go back to the page it came from."));
    }

    /** Someone without a role: "/" refuses them, so it is no way back, and there are no main links to show. */
    @Test
    @TestSecurity(user = "rex")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void someoneWithoutARoleIsToldSoWithNoLinkBackToTheSameRefusal() {
        given().redirects().follow(false).get("/").then().statusCode(403)
                .body(containsString("Your account has no Bellwether role"))
                .body(not(containsString("Back to your home page"))).body(not(containsString("aria-label=\"Main\"")));
        given().redirects().follow(false).get("/admin").then().statusCode(403)
                .body(not(containsString("Back to your home page")));
    }

    @Test
    void anUnknownApiAddressIsNotFoundInPlainWords() {
        given().auth().oauth2(FakeKeycloak.accessToken("ada", TENANT, "admin")).get("/api/v1/no-such-thing").then()
                .statusCode(404).body("message", equalTo("There is nothing at this address."));
    }

    /**
     * A script's wrong method, body type or Accept is said in words a script's author can act on: it read "The
     * content-type header value did not match the value in @Consumes", and a 405 spoke of a page's form.
     */
    @Test
    void anApiCallOfTheWrongMethodTypeOrAcceptSaysWhatToSend() {
        String admin = FakeKeycloak.accessToken("ada", TENANT, "admin");
        given().auth().oauth2(admin).contentType("application/x-www-form-urlencoded").formParam("accountId", "A1")
                .post("/api/v1/tasks").then().statusCode(415).body("error", equalTo("unsupported_media_type"))
                .body("message", equalTo("This call does not take a body of that type (Content-Type header): send"
                        + " JSON as application/json, and files to import as multipart/form-data (one CSV may be"
                        + " text/csv)."));
        // and names the methods it does take (RFC 9110 asks a 405 for them)
        given().auth().oauth2(admin).delete("/api/v1/metrics").then().statusCode(405).header("Allow", "GET")
                .body("error", equalTo("method_not_allowed"))
                .body("message", equalTo("This address does not take that method: docs/api.md lists the calls each"
                        + " address answers."));
        given().auth().oauth2(admin).put("/api/v1/tasks/" + java.util.UUID.randomUUID()).then().statusCode(405)
                .header("Allow", "GET, PATCH");
        given().auth().oauth2(admin).accept("application/xml").get("/api/v1/tasks").then().statusCode(406)
                .body("message", equalTo("This call answers application/json: ask for that (Accept header), or for"
                        + " anything."));
    }
}
