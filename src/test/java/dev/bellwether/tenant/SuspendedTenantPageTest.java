package dev.bellwether.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * The page refusing a suspended tenant's user shows nothing of the tenant: no freshness badge (it read and then
 * polled the tenant's figures), no tenant name, no notifications link. Resumed, the page has them again.
 */
@QuarkusTest
class SuspendedTenantPageTest {

    static final String TENANT = "paused-page";

    @Inject
    TestTenants tenants;

    @Test
    @TestSecurity(user = "sue", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void aSuspendedTenantsRefusalShowsNothingOfTheTenant() {
        tenants.ensure(TENANT);
        try {
            tenants.status(TENANT, "suspended");
            String page = given().get("/executive").then().statusCode(403).extract().asString();
            assertTrue(page.contains("suspended"), page);
            // an htmx request (a click, a poll) is told why, for the open page to say so (app.js)
            given().header("HX-Request", "true").get("/freshness").then().statusCode(403)
                    .header("Bellwether-Refusal", TenantRefusedException.suspended().getMessage());
            assertFalse(page.contains("id=\"freshness\""), "no freshness badge: " + page);
            assertFalse(page.contains("data-testid=\"user-tenant\""), "no tenant name: " + page);
            assertFalse(page.contains("/settings/notifications"), "no notifications link: " + page);
            // nor a way into the tenant's pages, each of which would be refused alike: only Sign out
            assertFalse(page.contains("class=\"mainnav\""), "no main links: " + page);
            assertFalse(page.contains("data-jump-open"), "no quick jump: " + page);
            assertFalse(page.contains("id=\"quick-jump\""), "no quick jump dialog: " + page);
            assertTrue(page.contains("action=\"/logout\""), "Sign out: " + page);
        } finally {
            tenants.status(TENANT, "active");
        }
        given().header("HX-Request", "true").get("/freshness").then().statusCode(200)
                .header("Bellwether-Refusal", nullValue());
        given().get("/executive").then().statusCode(200).body(containsString("id=\"freshness\""))
                .body(containsString("data-testid=\"user-tenant\"")).body(containsString("class=\"mainnav\""))
                .body(containsString("id=\"quick-jump\""));
        // an address nothing answers is no refusal of the tenant: its page keeps the way back in
        given().get("/nothing-here").then().statusCode(404).body(containsString("class=\"mainnav\""));
    }
}
