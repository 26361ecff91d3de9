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
        given().get("/admin/integrations/keys").then().statusCode(405)
                .body(containsString("This address does not take that kind of request (a form&#39;s address opened"
                        + " again, say): go back to the page it came from."));
    }

    @Test
    void anUnknownApiAddressIsNotFoundInPlainWords() {
        given().auth().oauth2(FakeKeycloak.accessToken("ada", TENANT, "admin")).get("/api/v1/no-such-thing").then()
                .statusCode(404).body("message", equalTo("There is nothing at this address."));
    }
}
