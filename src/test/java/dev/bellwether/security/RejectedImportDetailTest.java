package dev.bellwether.security;

import static dev.bellwether.testing.ImportClient.uploadBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * Hardening finding 3: the detail page of an import refused at file or header level (no rows
 * counted for the file) answered 500. Each such refusal must open as a page that says what was
 * wrong.
 */
@QuarkusTest
class RejectedImportDetailTest {

    @Inject
    TestTenants testTenants;

    /** Only the platform operator creates tenants: this test's fixed tenants are created first. */
    @BeforeEach
    void createTheTenants() {
        testTenants.ensure(TENANT);
    }

    static final String TENANT = "rejected-detail";

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void fileAndHeaderLevelRefusalsOpenAsPages() {
        String token = FakeKeycloak.accessToken("ada", TENANT, "admin");
        String[][] refusals = {
            {"accounts", ""},
            {"accounts", "account_id,name\n"},
            {"mrr", "account_id,month,mrr,colour\nACC-1,2026-01,10\n"},
            {"usage", "\u0000\u0001binary"},
        };
        for (String[] refusal : refusals) {
            String id = uploadBody(token, refusal[0], refusal[1].getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .then().statusCode(422).extract().path("id");
            given().get("/admin/imports/" + id).then().statusCode(200)
                    .body(containsString(refusal[0] + ".csv"))
                    .body(containsString("problem"));
        }
    }
}
