package dev.bellwether.settings;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.PageClient;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;

/** The organisation's settings: currency and the segments that expect QBRs, through the API and the page. */
@QuarkusTest
class OrganisationSettingsTest {

    static final String PAGE_TENANT = "settings-page";
    static final String CURRENCY_TENANT = "settings-currency";
    static final String BUSY_PAGE_TENANT = "settings-busy-page";
    static final String STALE_TENANT = "settings-stale";

    @Inject
    TestTenants tenants;

    @Inject
    Recalculations recalculations;

    @Inject
    TenantData data;

    private static String admin(String tenant) {
        return FakeKeycloak.accessToken("ada", tenant, "admin");
    }

    private static int overdueQbrs(String tenant) {
        return given().auth().oauth2(admin(tenant)).get("/api/v1/metrics?month=2026-10").then().statusCode(200)
                .extract().path("overdueQbrs");
    }

    private void choose(String tenant, String segments) {
        given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON)
                .body("{\"currency\":\"USD\",\"qbrSegments\":" + segments + "}").put("/api/v1/settings").then()
                .statusCode(200);
        recalculations.awaitIdle(tenant);
    }

    @Test
    void theSegmentsThatExpectQbrsChooseWhatOverdueQbrsCountsInEveryMonth() {
        String tenant = tenants.create("settings-qbr");
        recalculations.loadSample(tenant);
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        given().auth().oauth2(csm).get("/api/v1/settings").then().statusCode(200).body("currency", equalTo("USD"))
                .body("qbrSegments", contains("Enterprise", "Mid-Market"));
        assertEquals(8, overdueQbrs(tenant), "the sample's figure with the default segments");

        choose(tenant, "[\"\\u0001SMB\\t\"]"); // trimmed as accounts.csv's cell is
        int smb = overdueQbrs(tenant);
        org.junit.jupiter.api.Assertions.assertTrue(smb > 0, "the sample has SMB accounts without a QBR");
        choose(tenant, "[\"SMB\", \"Mid-Market\", \"Enterprise\"]");
        given().auth().oauth2(csm).get("/api/v1/settings").then()
                .body("qbrSegments", contains("Enterprise", "Mid-Market", "SMB"));
        assertEquals(8 + smb, overdueQbrs(tenant), "each segment's overdue accounts add up");
        choose(tenant, "[]");
        assertEquals(0, overdueQbrs(tenant));
        assertEquals("3", data.single(tenant, "select count(*) from recalculation where reason = 'settings'"));
        assertEquals("3", data.single(tenant, "select count(*) from audit_event where kind = 'settings'"));
        given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON)
                .body("{\"currency\":\"usd\",\"qbrSegments\":[]}").put("/api/v1/settings").then().statusCode(200)
                .body("currency", equalTo("USD"));
        assertEquals("3", data.single(tenant, "select count(*) from audit_event where kind = 'settings'"),
                "the same settings again change nothing");
    }

    @Test
    void wrongSettingsAre422WithEveryProblemAndNothingSavedAndOnlyAdminsChangeThem() {
        String tenant = tenants.create("settings-bad");
        given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON)
                .body("{\"currency\":\"EURO\",\"qbrSegments\":[\" \",\"" + "x".repeat(65) + "\",\"SMB\",\"SMB\", 3],"
                        + "\"locale\":\"de\"}")
                .put("/api/v1/settings").then().statusCode(422)
                .body("errors.field", hasItems("currency", "qbrSegments", "locale"))
                .body("errors.message", hasItems("must be an ISO 4217 currency code, such as USD, EUR or GBP",
                        "each segment is a text of 1 to 64 characters that shows, as in accounts.csv (segment 1 of"
                                + " the list is not)",
                        "each segment is a text of 1 to 64 characters that shows, as in accounts.csv (segment 2 of"
                                + " the list is not)", "names SMB twice",
                        "locale is not a field here (expected currency, qbrSegments)"));
        given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON)
                .body("{\"currency\":\"XAU\",\"qbrSegments\":[\"\\ud800x\"]}").put("/api/v1/settings").then()
                .statusCode(422).body("errors.field", contains("currency", "qbrSegments"));
        // an ISO 4217 code amounts are never in is refused as such, not as "no ISO 4217 code"
        given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON)
                .body("{\"currency\":\"xdr\",\"qbrSegments\":[]}").put("/api/v1/settings").then()
                .statusCode(422).body("errors[0].message", equalTo("XDR is an ISO 4217 code but no currency amounts"
                        + " are kept in (a metal, a fund's unit, a testing code or XXX): choose one such as USD, EUR"
                        + " or GBP"));
        // misspelt fields: the first 20 named, the rest counted
        StringBuilder many = new StringBuilder("{\"currency\":\"USD\",\"qbrSegments\":[]");
        for (int i = 1; i <= 30; i++) {
            many.append(",\"f").append(i).append("\":1");
        }
        given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON).body(many.append('}').toString())
                .put("/api/v1/settings").then().statusCode(422).body("errors", hasSize(21))
                .body("errors[20].message", equalTo("and 10 more fields that are not fields here"));
        // a zero-width space shows nothing: no segment, as in accounts.csv (it was saved, a box without a label)
        given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON)
                .body("{\"currency\":\"USD\",\"qbrSegments\":[\"SMB\",\"\\u200b\"]}").put("/api/v1/settings").then()
                .statusCode(422).body("errors.message", contains("each segment is a text of 1 to 64 characters that"
                        + " shows, as in accounts.csv (segment 2 of the list is not)"));
        given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON).body("{\"currency\":\"XYZ\"}")
                .put("/api/v1/settings").then().statusCode(422).body("errors.field", contains("currency",
                        "qbrSegments"));
        given().auth().oauth2(FakeKeycloak.accessToken("cam", tenant, "csm")).contentType(ContentType.JSON)
                .body("{\"currency\":\"EUR\",\"qbrSegments\":[]}").put("/api/v1/settings").then().statusCode(403);
        given().auth().oauth2(admin(tenant)).get("/api/v1/settings").then().body("currency", equalTo("USD"))
                .body("qbrSegments", contains("Enterprise", "Mid-Market"));
        assertEquals("0", data.single(tenant, "select count(*) from audit_event where kind = 'settings'"));
    }

    /** A save waits at most 5 s for an import holding the organisation, then answers 409 with nothing saved. */
    @Test
    void aSaveWhileAnImportHoldsTheOrganisationIs409() throws Exception {
        String tenant = tenants.create("settings-busy");
        try (java.sql.Connection held = dev.bellwether.testing.DatabaseBootstrap.superuserConnection()) {
            held.setAutoCommit(false);
            try (java.sql.Statement statement = held.createStatement()) {
                // the lock an import takes (ImportService.lockTenant)
                statement.execute("select 1 from tenant where id = '" + tenant + "' for no key update");
                given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON)
                        .body("{\"currency\":\"EUR\",\"qbrSegments\":[]}").put("/api/v1/settings").then()
                        .statusCode(409).body("message", containsString("Nothing was changed"));
            } finally {
                held.rollback();
            }
        }
        given().auth().oauth2(admin(tenant)).get("/api/v1/settings").then().body("currency", equalTo("USD"));
        assertEquals("0", data.single(tenant, "select count(*) from audit_event where kind = 'settings'"));
    }

    /** On the page, a save refused while an import holds the organisation keeps the form as typed, and says why. */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = BUSY_PAGE_TENANT), @Claim(key = "email",
            value = "ada@settings.example") })
    void aSaveOnThePageWhileAnImportHoldsTheOrganisationKeepsTheForm() throws Exception {
        tenants.ensure(BUSY_PAGE_TENANT);
        try (java.sql.Connection held = dev.bellwether.testing.DatabaseBootstrap.superuserConnection()) {
            held.setAutoCommit(false);
            try (java.sql.Statement statement = held.createStatement()) {
                statement.execute("select 1 from tenant where id = '" + BUSY_PAGE_TENANT + "' for no key update");
                PageClient.htmx("/admin/settings").formParam("currency", "EUR").formParam("other", "Strategic")
                        .post("/admin/settings").then().statusCode(409)
                        .body(containsString("<h1>Organisation settings</h1>"))
                        .body(containsString("role=\"alert\" tabindex=\"-1\" autofocus>Your organisation"))
                        .body(containsString("save the settings again once it ends. Nothing was changed."))
                        .body(containsString("value=\"EUR\""))
                        .body(containsString("id=\"qbr-other\" name=\"other\" value=\"Strategic\""));
            } finally {
                held.rollback();
            }
        }
        given().auth().oauth2(admin(BUSY_PAGE_TENANT)).get("/api/v1/settings").then()
                .body("currency", equalTo("USD"));
    }

    /** A currency change asks for no recalculation: the CSM page's money tile must not keep the old symbol. */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = CURRENCY_TENANT))
    void theCsmPagesMoneyTileFollowsACurrencyChangeAtOnce() {
        tenants.ensure(CURRENCY_TENANT);
        recalculations.loadSample(CURRENCY_TENANT);
        assertTrue(pipelineTile().contains("$"), pipelineTile());
        given().auth().oauth2(admin(CURRENCY_TENANT)).contentType(ContentType.JSON)
                .body("{\"currency\":\"EUR\",\"qbrSegments\":[\"Enterprise\"]}").put("/api/v1/settings").then()
                .statusCode(200);
        try {
            String tile = pipelineTile();
            assertTrue(tile.contains("€") && !tile.contains("$"), tile);
        } finally {
            given().auth().oauth2(admin(CURRENCY_TENANT)).contentType(ContentType.JSON)
                    .body("{\"currency\":\"USD\",\"qbrSegments\":[\"Enterprise\"]}").put("/api/v1/settings").then()
                    .statusCode(200);
        }
    }

    /** The CSM page's expansion pipeline tile, from its label to the end of the tile. */
    private static String pipelineTile() {
        String page = given().get("/csm?scope=all").then().statusCode(200).extract().asString();
        int at = page.indexOf("Expansion pipeline");
        assertTrue(at >= 0, "the tile");
        return page.substring(at, page.indexOf("</article>", at));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = PAGE_TENANT), @Claim(key = "email",
            value = "ada@settings.example") })
    void theAdminChoosesTheCurrencyAndSegmentsOnThePage() {
        tenants.ensure(PAGE_TENANT);
        tenants.addAccount(PAGE_TENANT, "ACC-1", "Acme");
        given().get("/admin/settings").then().statusCode(200).body(containsString("<h1>Organisation settings</h1>"))
                .body(containsString("value=\"USD\""))
                .body(containsString("name=\"qbr\" value=\"Enterprise\" checked"))
                .body(containsString("name=\"qbr\" value=\"SMB\">"));
        given().get("/admin").then().body(containsString("href=\"/admin/settings\""));

        PageClient.htmx("/admin/settings").formParam("currency", "Euro").formParam("qbr", "SMB")
                .formParam("other", "x".repeat(65)).post("/admin/settings").then().statusCode(422)
                // a refusal is said at once, as the other admin pages say theirs
                .body(containsString("<p class=\"form-error\" role=\"alert\">Nothing was saved: the form needs a fix."))
                .body(containsString("must be an ISO 4217 currency code"))
                // the typed segment is named as the one at fault (its rank in the merged list matched nothing shown)
                .body(containsString("Another segment must be 1 to 64 characters that show, as a segment in"
                        + " accounts.csv."))
                .body(not(containsString("of the list is not")))
                // its field says so, tied to the message
                .body(containsString("placeholder=\"e.g. Strategic\" aria-invalid=\"true\""
                        + " aria-describedby=\"qbr-error\">"))
                // the first field at fault takes the focus: 500 segment boxes may lie between the top and the second
                .body(containsString("currency-error\" aria-invalid=\"true\" autofocus>"))
                .body(containsString("name=\"qbr\" value=\"SMB\" checked"));
        // alone at fault, an invisible typed segment refuses the save too (it is not dropped as if left empty)
        PageClient.htmx("/admin/settings").formParam("currency", "EUR").formParam("qbr", "SMB")
                .formParam("other", "\u200b").contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .post("/admin/settings").then().statusCode(422)
                .body(containsString("Another segment must be 1 to 64 characters"))
                .body(containsString("aria-describedby=\"qbr-error\" autofocus>"));
        given().get("/admin/settings").then().body(containsString("value=\"USD\""));
        PageClient.htmx("/admin/settings").formParam("currency", "XXX").formParam("qbr", "SMB")
                .formParam("other", "SMB").post("/admin/settings").then().statusCode(422)
                .body(containsString("name=\"qbr\" value=\"SMB\" checked"))
                .body(containsString("id=\"qbr-other\" name=\"other\" value=\"SMB\""));
        PageClient.htmx("/admin/settings").redirects().follow(false).formParam("currency", "eur")
                .formParam("qbr", "SMB").formParam("other", " Strategic ").post("/admin/settings").then()
                .statusCode(303).header("Location", containsString("/admin/settings?done=recalculating"));
        given().get("/admin/settings?done=recalculating").then().body(containsString("Overdue QBRs are being"))
                .body(containsString("value=\"EUR\"")).body(containsString("name=\"qbr\" value=\"Strategic\" checked"))
                .body(containsString("name=\"qbr\" value=\"SMB\" checked"))
                .body(not(containsString("name=\"qbr\" value=\"Enterprise\"")));
        given().get("/admin/targets").then().statusCode(200).body(containsString("class=\"unit\">EUR</span>"));
        PageClient.htmx("/admin/settings").redirects().follow(false).formParam("currency", "EUR")
                .formParam("qbr", "SMB").formParam("qbr", "Strategic").post("/admin/settings").then()
                .statusCode(303).header("Location", containsString("done=unchanged"));
        // a browser posts the line break of a segment "Key\nAccounts" as CRLF: the segment in use is chosen
        data.single(PAGE_TENANT, "with x as (insert into account (tenant_id, account_id, name, segment, customer_since)"
                + " values ('" + PAGE_TENANT + "', 'ACC-KEY', 'Key Co', E'Key\\nAccounts', date '2025-01-01')"
                + " returning 1) select count(*) from x");
        PageClient.htmx("/admin/settings").redirects().follow(false).formParam("currency", "EUR")
                .formParam("qbr", "Key\r\nAccounts").post("/admin/settings").then().statusCode(303);
        assertEquals("Key\nAccounts", data.single(PAGE_TENANT, "select array_to_string(qbr_segments, '|')"
                + " from tenant"));
        // the first 500 segments have a box each; the page says how many more the accounts carry
        given().get("/admin/settings").then().body(not(containsString("unlisted-segments")));
        data.single(PAGE_TENANT, "with x as (insert into account (tenant_id, account_id, name, segment, customer_since)"
                + " select '" + PAGE_TENANT + "', 'SEG-' || n, 'Segment Co ' || n, 'Segment ' || lpad(n::text, 3, '0'),"
                + " date '2025-01-01' from generate_series(1, 501) n returning 1) select count(*) from x");
        given().get("/admin/settings").then().body(containsString("data-testid=\"unlisted-segments\">Your accounts"
                + " carry 3 more segments than the 500 listed here"));
    }

    /**
     * Two admins with the page open: the second to save applies what their form changed from what it showed, on top
     * of what the first saved meanwhile, instead of putting back what their page still shows.
     */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = STALE_TENANT), @Claim(key = "email",
            value = "ada@settings.example") })
    void aPageOpenedBeforeAnotherAdminSavedKeepsTheirChange() {
        tenants.ensure(STALE_TENANT);
        given().get("/admin/settings").then().statusCode(200)
                .body(containsString("<input type=\"hidden\" name=\"was-currency\" value=\"USD\">"))
                .body(containsString("<input type=\"hidden\" name=\"was-qbr\" value=\"Enterprise\">"));
        // another admin saves a new currency and a segment meanwhile
        given().auth().oauth2(admin(STALE_TENANT)).contentType(ContentType.JSON)
                .body("{\"currency\":\"EUR\",\"qbrSegments\":[\"Enterprise\",\"Mid-Market\"]}")
                .put("/api/v1/settings").then().statusCode(200);
        // ada's page, opened before, ticks SMB: EUR and Mid-Market stay
        PageClient.htmx("/admin/settings").redirects().follow(false).formParam("currency", "USD")
                .formParam("was-currency", "USD").formParam("qbr", "Enterprise").formParam("qbr", "SMB")
                .formParam("was-qbr", "Enterprise").post("/admin/settings").then().statusCode(303)
                .header("Location", containsString("done=recalculating"));
        assertEquals("EUR Enterprise|Mid-Market|SMB", stored());
        // and, still as opened, unticks Enterprise and changes the currency: both are hers to change
        PageClient.htmx("/admin/settings").redirects().follow(false).formParam("currency", "GBP")
                .formParam("was-currency", "USD").formParam("was-qbr", "Enterprise").post("/admin/settings").then()
                .statusCode(303);
        assertEquals("GBP Mid-Market|SMB", stored());
        // a page showing what is stored leaves nothing to apply
        PageClient.htmx("/admin/settings").redirects().follow(false).formParam("currency", "GBP")
                .formParam("was-currency", "GBP").formParam("qbr", "Mid-Market").formParam("was-qbr", "Mid-Market")
                .formParam("was-qbr", "SMB").formParam("qbr", "SMB").post("/admin/settings").then().statusCode(303)
                .header("Location", containsString("done=unchanged"));
        // a segment holding a lone CR comes back from the browser with CRLF: unticked, it is the stored one that goes
        given().auth().oauth2(admin(STALE_TENANT)).contentType(ContentType.JSON)
                .body("{\"currency\":\"GBP\",\"qbrSegments\":[\"A\\rB\",\"Mid-Market\"]}").put("/api/v1/settings")
                .then().statusCode(200);
        PageClient.htmx("/admin/settings").redirects().follow(false).formParam("currency", "GBP")
                .formParam("was-currency", "GBP").formParam("was-qbr", "A\r\nB").formParam("was-qbr", "Mid-Market")
                .formParam("qbr", "Mid-Market").post("/admin/settings").then().statusCode(303)
                .header("Location", containsString("done=recalculating"));
        assertEquals("GBP Mid-Market", stored());
        // a segment ticked on top of the 100 another admin chose meanwhile would be one too many: nothing is saved
        String hundred = java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(n -> "\"S" + n + "\"")
                .collect(java.util.stream.Collectors.joining(","));
        given().auth().oauth2(admin(STALE_TENANT)).contentType(ContentType.JSON)
                .body("{\"currency\":\"GBP\",\"qbrSegments\":[" + hundred + "]}").put("/api/v1/settings").then()
                .statusCode(200);
        PageClient.htmx("/admin/settings").formParam("currency", "GBP").formParam("was-currency", "GBP")
                .formParam("qbr", "Extra").post("/admin/settings").then().statusCode(409)
                .body(containsString("with yours, more than 100. Nothing was changed: reload the page to see theirs,"
                        + " then untick some."))
                .body(containsString("name=\"qbr\" value=\"Extra\" checked"))
                .body(containsString("<input type=\"hidden\" name=\"was-currency\" value=\"GBP\">"))
                .body(not(containsString("name=\"was-qbr\"")));
        assertEquals(100, stored().split("\\|").length);
        recalculations.awaitIdle(STALE_TENANT);
    }

    private String stored() {
        return data.single(STALE_TENANT, "select currency || ' ' || array_to_string(qbr_segments, '|') from tenant");
    }
}
