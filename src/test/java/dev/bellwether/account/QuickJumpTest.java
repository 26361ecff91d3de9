package dev.bellwether.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * The quick jump (Ctrl-K or the header's button on every page): the tenant's accounts by name or id, an exact
 * id first, at most ten, text escaped, and nothing of another tenant.
 */
@QuarkusTest
class QuickJumpTest {

    static final String TENANT = "jump-a";
    static final String OTHER = "jump-b";

    @Inject
    TestTenants tenants;

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void findsTheTenantsAccountsByNameOrIdAndNothingOfAnother() {
        tenants.ensure(TENANT);
        tenants.ensure(OTHER);
        tenants.addAccount(TENANT, "JMP-1", "Nordwind <Traders>");
        tenants.addAccount(TENANT, "JMP-2", "Windmill & Co");
        tenants.addAccount(TENANT, "WIND", "Acme Wind");
        tenants.addAccount(OTHER, "JMP-9", "Nordwind of the other tenant");
        for (int i = 10; i < 25; i++) {
            tenants.addAccount(TENANT, "JMP-" + i, "Bulk " + i);
        }
        String found = given().get("/jump?q=wind").then().statusCode(200).extract().asString();
        assertEquals(List.of("/accounts/WIND", "/accounts/JMP-2", "/accounts/JMP-1"), links(found),
                "the exact id first, then names starting with it, then the rest by name");
        given().get("/jump?q=wind").then().body(containsString("Nordwind &lt;Traders&gt;"))
                .body(not(containsString("other tenant")));
        given().get("/jump?q=JMP-9").then().statusCode(200).body(containsString("No account matches “JMP-9”."))
                // the count, for a screen reader, into the dialog's status region (which stays: out of band)
                .body(containsString("<span hidden hx-swap-oob=\"innerHTML:#jump-status\">0 accounts found</span>"));
        String bulk = given().get("/jump?q=bulk").asString();
        assertEquals(10, links(bulk).size(), "at most ten");
        // 15 match: the ten are not all, and the status says so rather than "10 accounts found"
        assertEquals(true, bulk.contains("#jump-status\">The first 10 accounts: type more to narrow</span>"), bulk);
        assertEquals(true, bulk.contains("The first 10 are shown: type more to narrow."), bulk);
        String exactlyTen = given().get("/jump?q=bulk 1").asString();
        assertEquals(10, links(exactlyTen).size(), "Bulk 10 to Bulk 19");
        assertEquals(true, exactlyTen.contains("#jump-status\">10 accounts found</span>"), exactlyTen);
        // an id is compared bytewise, yet found in any case of any alphabet (its collation folds ASCII only)
        tenants.addAccount(TENANT, "ÉCOLE-1", "School One");
        assertEquals(List.of("/accounts/%C3%89COLE-1"), links(given().queryParam("q", "école-1").get("/jump")
                .asString()));
        given().queryParam("q", "<script>").get("/jump").then().body(containsString("“&lt;script&gt;”"))
                .body(not(containsString("<script>")));
        // % and _ are the text typed, not LIKE's wildcards: "100%" is not "100 Co", "_" matches no name
        tenants.addAccount(TENANT, "PCT-1", "100 Co");
        tenants.addAccount(TENANT, "PCT-2", "Growth 100% Ltd");
        assertEquals(List.of("/accounts/PCT-2"), links(given().queryParam("q", "100%").get("/jump").asString()));
        assertEquals(List.of(), links(given().queryParam("q", "_").get("/jump").asString()));
        assertEquals(List.of(), links(given().get("/jump?q=").asString()));
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void theIdAsTypedComesBeforeTheSameIdInAnotherCase() {
        tenants.ensure(TENANT);
        tenants.addAccount(TENANT, "CASE-1", "Alpha");
        tenants.addAccount(TENANT, "case-1", "Zeta");
        assertEquals(List.of("/accounts/case-1", "/accounts/CASE-1"), links(given().get("/jump?q=case-1").asString()),
                "ids are case-sensitive: the one typed opens on Enter, though Alpha comes first by name");
        assertEquals(List.of("/accounts/CASE-1", "/accounts/case-1"), links(given().get("/jump?q=CASE-1").asString()));
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void everyPageCarriesTheDialog() {
        given().get("/executive").then().statusCode(200)
                .body(containsString("<dialog id=\"quick-jump\""))
                .body(containsString("aria-keyshortcuts=\"Control+K Meta+K\" aria-haspopup=\"dialog\" hidden>"))
                .body(matchesPattern("(?s).*<script src=\"/js/quickjump.js\\?v=[0-9a-f]{12}\" defer></script>.*"));
    }

    static List<String> links(String html) {
        return Pattern.compile("href=\"(/accounts/[^\"]+)\"").matcher(html).results().map(m -> m.group(1)).toList();
    }
}
