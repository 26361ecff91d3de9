package dev.bellwether.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.ClaimType;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * Finding 1 of issue 13: a CSM's book is keyed on their email, so only an email Keycloak marks as
 * verified counts. A token whose {@code email_verified} is false (or absent) carries no book.
 */
@QuarkusTest
class VerifiedEmailBookTest {

    @Inject
    TestTenants testTenants;

    private static final String TENANT = "security-book";
    /** ACC-00001's CSM in the contract's sample. */
    private static final String LARS = "lars.nielsen@bellwether.example";

    @Inject
    Recalculations recalculations;

    @BeforeEach
    void sampleWithoutOverride() {
        // only the platform operator creates tenants: this test's fixed tenants are created first
        testTenants.ensure(TENANT);
        recalculations.loadSample(TENANT);
        int cleared = given().auth().oauth2(FakeKeycloak.accessToken("ada", TENANT, "admin"))
                .delete("/api/v1/accounts/ACC-00001/override").then().extract().statusCode();
        assertTrue(cleared == 204 || cleared == 404, "clearing an earlier override answered " + cleared);
    }

    @Test
    void anUnverifiedEmailOwnsNoBookSoTheOverrideIsRefused() {
        String token = FakeKeycloak.accessToken("mallory", TENANT, LARS, false, "csm");
        given().auth().oauth2(token).contentType("application/json").body(override())
                .put("/api/v1/accounts/ACC-00001/override").then().statusCode(403);
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200).body("email", nullValue());
    }

    @Test
    void theSameEmailVerifiedOwnsTheAccount() {
        String token = FakeKeycloak.accessToken("lars", TENANT, LARS, true, "csm");
        given().auth().oauth2(token).contentType("application/json").body(override())
                .put("/api/v1/accounts/ACC-00001/override").then().statusCode(200)
                .body("override.band", equalTo("at_risk"));
        given().auth().oauth2(token).delete("/api/v1/accounts/ACC-00001/override").then().statusCode(204);
    }

    @Test
    @TestSecurity(user = "mallory", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = LARS) })
    void aSessionWithoutEmailVerifiedSeesNoOverrideControlOnTheAccountPage() {
        given().get("/accounts/ACC-00001").then().statusCode(200)
                .body(not(containsString("Override band")));
    }

    /** "My book" without a verified e-mail is an empty book: before, it listed and counted the whole organisation. */
    @Test
    @TestSecurity(user = "mallory", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = LARS) })
    void myBookWithoutAVerifiedEmailIsEmptyNotTheWholeOrganisation() {
        String page = given().get("/csm?scope=mine").then().statusCode(200).extract().asString();
        assertTrue(page.contains("No account matches."), "an empty list");
        assertTrue(!page.contains("ACC-00001"), "no account of the organisation is listed");
        String csv = given().get("/csm/accounts.csv?scope=mine").then().statusCode(200).extract().asString();
        assertTrue(!csv.contains("ACC-0"), "the export is empty too: " + csv.substring(0, Math.min(300, csv.length())));
    }

    @Test
    @TestSecurity(user = "lars", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = LARS),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void aSessionWithTheVerifiedEmailSeesTheOverrideControl() {
        given().get("/accounts/ACC-00001").then().statusCode(200)
                .body(containsString("Override band"));
    }

    private static String override() {
        String in30 = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
        return "{\"band\":\"at_risk\",\"reason\":\"Champion left\",\"expiresOn\":\"" + in30 + "\"}";
    }
}
