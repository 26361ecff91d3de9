package dev.bellwether.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.ImportClient;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.ClaimType;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * The executive dashboard and the CSM work queue on the contract's sample: the tiles show
 * expected.json's figures, roles see only their pages, htmx gets fragments, exports are CSV, and an
 * empty tenant is told how to upload.
 */
@QuarkusTest
class DashboardPagesTest {

    @Inject
    TestTenants testTenants;

    static final String TENANT = "pages-sample";
    static final String EMPTY = "pages-empty";
    static final String INJECTION = "pages-injection";
    static final String LARS = "lars.nielsen@bellwether.example";

    @Inject
    Recalculations recalculations;

    @BeforeEach
    void sample() {
        // only the platform operator creates tenants: this test's fixed tenants are created first
        testTenants.ensure(TENANT);
        testTenants.ensure(EMPTY);
        testTenants.ensure(INJECTION);
        recalculations.loadSample(TENANT);
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void executiveTilesShowTheSampleFiguresWithTargets() {
        String page = given().get("/executive").then().statusCode(200).extract().asString();
        // expected.json, October 2026: NRR 96.797, GRR 96.767, logo churn 2.083, NPS 32.653, % healthy 64.151
        assertEquals("96.8 %", tile(page, "nrr"));
        assertEquals("96.8 %", tile(page, "grr"));
        assertEquals("2.1 %", tile(page, "logoChurnRate"));
        assertEquals("32.7", tile(page, "nps"));
        assertEquals("64.2 %", tile(page, "percentHealthy"));
        assertTrue(page.contains("Target ≥ 110"), "NRR's default target");
        assertTrue(page.contains("Target ≤ 2"), "logo churn's default target, at most");
        assertTrue(page.contains("<option value=\"2026-10\" selected>"), "the reporting month is picked");
        assertTrue(page.contains("How is this calculated?"));
        // each says which figure it explains to a screen reader listing the page's controls
        assertTrue(page.contains("How is this calculated?</span><span class=\"visually-hidden\"> (Net revenue"
                + " retention)</span>"), "named by its figure");
        assertTrue(page.contains("data-chart=\"{&quot;type&quot;:&quot;waterfall&quot;"), "the waterfall's data");
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void everyChartSaysWhatItShowsAndTheRetentionAxisHoldsItsTarget() throws Exception {
        String page = given().get("/executive").then().statusCode(200).extract().asString();
        // expected.json, October 2026: starting 145,778.82, new 25,631.62, reactivation 393, expansion 43,
        // contraction 26, churned 4,686.50, ending 167,133.94
        JsonNode waterfall = chart(page, "waterfall");
        assertEquals("MRR went from $145,779 to $167,134 (net +$21,355): new +$25,632, reactivation +$393, "
                + "expansion +$43, contraction −$26, churned −$4,687.", waterfall.get("summary").asText());
        JsonNode rows = waterfall.get("table").get("rows");
        assertEquals("[\"Churned\",\"−$4,687\"]", rows.get(5).toString());
        assertEquals("[\"Net change\",\"+$21,355\"]", rows.get(rows.size() - 1).toString());

        JsonNode retention = chart(page, "lines");
        double min = retention.get("axisMin").asDouble();
        double max = retention.get("axisMax").asDouble();
        assertTrue(max >= 110, "the NRR target of 110 lies inside the axis: " + max);
        for (JsonNode series : retention.get("series")) {
            for (JsonNode value : series.get("values")) {
                assertTrue(value.isNull() || value.asDouble() >= min && value.asDouble() <= max, "inside the axis");
            }
        }
        assertTrue(min > 0, "retention near 100 % is drawn on a close-up axis: " + min);
        String summary = retention.get("summary").asText();
        assertTrue(summary.startsWith("In October 2026 NRR was 96.8 % (target 110.0 %) and GRR 96.8 %"), summary);
        assertTrue(summary.endsWith("The axis starts at " + String.format(java.util.Locale.ROOT, "%.1f", min)
                + " %, not 0."), "it says the axis does not start at zero: " + summary);

        assertTrue(chart(page, "bands").get("summary").asText().startsWith("Of 53 paying accounts, 34 are healthy, "));
        assertTrue(chart(page, "heatmap").get("summary").asText().startsWith("Logo retention of "));
        assertTrue(chart(page, "sparkline").get("summary").asText().startsWith("Net revenue retention from "),
                "a tile's trend in words");
        assertTrue(java.util.regex.Pattern.compile(
                "vs [^<]+</span><span class=\"trend-word\">· (better|worse)</span>").matcher(page).find(),
                "whether a change is good news is said in words anyone sees, not only by its colour");

        // the page itself says it and holds the numbers, for a reader without JavaScript: the four charts' summaries
        // under them and their tables behind "Show the numbers" (charts.js once wrote both, or nothing was there)
        assertEquals(4, page.split("<summary>Show the numbers</summary>", -1).length - 1, "four tables");
        assertTrue(page.contains("<p class=\"chart-summary\">MRR went from $145,779 to $167,134 (net +$21,355)"), page);
        assertTrue(page.contains("<tr><th scope=\"row\">Churned</th><td class=\"num\" data-label=\""
                + waterfall.at("/table/columns/1").asText() + "\">−$4,687</td></tr>"), "the waterfall's table");
        assertTrue(page.contains("<p class=\"chart-summary\">Logo retention of "), "the cohorts' summary");
        assertEquals(4, page.split("data-described=\"true\"", -1).length - 1, "charts.js writes none of it again");
    }

    /** The data of the first chart of {@code type} in the page, with its text alternative. */
    static JsonNode chart(String page, String type) throws Exception {
        Matcher m = Pattern.compile("data-chart=\"([^\"]*)\"").matcher(page);
        while (m.find()) {
            String json = m.group(1).replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                    .replace("&gt;", ">").replace("&amp;", "&");
            JsonNode node = new ObjectMapper().readTree(json);
            if (type.equals(node.get("type").asText())) {
                return node;
            }
        }
        throw new AssertionError("no " + type + " chart");
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void monthPickerAnswersTheDashboardFragmentForHtmx() {
        given().header("HX-Request", "true").get("/executive?month=2026-09").then().statusCode(200)
                .body(startsWith("<div id=\"dashboard\""))
                .body(not(containsString("<html")))
                .body(containsString("an earlier month; the latest is October 2026"))
                // and the picker out of band: after new figures it offers their month, and selects the one shown
                .body(containsString("<div hx-swap-oob=\"innerHTML:#month-picker\">"))
                .body(containsString("<option value=\"2026-09\" selected>September 2026</option>"))
                .body(containsString("<option value=\"2026-10\">October 2026</option>"));
        given().get("/executive").then().statusCode(200).body(containsString("<div id=\"month-picker\">"))
                .body(containsString("<option value=\"2026-10\" selected>October 2026</option>"))
                .body(not(containsString("hx-swap-oob=\"innerHTML:#month-picker\"")));
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void goingBackRestoresTheWholePageNotTheDashboardAlone() {
        // htmx restoring history (Back after a month was picked) asks for the page and swaps in its whole body
        given().header("HX-Request", "true").header("HX-History-Restore-Request", "true")
                .get("/executive?month=2026-09").then().statusCode(200)
                .body(not(startsWith("<div id=\"dashboard\"")))
                .body(containsString("<html"))
                .body(containsString("<nav class=\"mainnav\" aria-label=\"Main\">"))
                .body(containsString("<div id=\"dashboard\""))
                .body(containsString("an earlier month; the latest is October 2026"));
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void segmentTableExportsAsCsv() {
        String csv = given().get("/executive/breakdown.csv?by=segment").then().statusCode(200)
                .header("Content-Disposition", containsString("attachment")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertEquals("\uFEFFsegment,active_accounts,arr,percent_healthy,nrr,grr,logo_churn_rate,nps", lines.get(0));
        assertTrue(lines.size() > 1, csv);
        // rows in the page's order: tenure bands in order, "(none)" last (the stored order put "(none)" first)
        List<String> tenure = given().get("/executive/breakdown.csv?by=tenure").then().statusCode(200).extract()
                .asString().lines().skip(1).map(line -> line.substring(0, line.indexOf(','))).toList();
        // each with its unit: "6-11" alone, a spreadsheet reads as the date 11 June
        List<String> bands = new java.util.ArrayList<>(List.of("0-5 months", "6-11 months", "12-23 months",
                "24+ months", "(none)"));
        bands.retainAll(tenure);
        assertEquals(bands, tenure);
        assertTrue(tenure.size() >= 3, "the sample has several tenure bands: " + tenure);
        given().get("/executive/breakdown.csv?by=industry").then().statusCode(200)
                .header("Content-Disposition", containsString("industries-2026-10.csv"));
        given().get("/executive/breakdown.csv?by=csm").then().statusCode(200)
                .header("Content-Disposition", containsString("csms-2026-10.csv"));
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void aBreakdownExportOfAMonthWithoutFiguresIsTheLatestMonthsLikeThePage() {
        String latest = given().get("/executive/breakdown.csv?by=segment").then().statusCode(200)
                .header("Content-Disposition", containsString("segments-2026-10.csv")).extract().asString();
        String september = given().get("/executive/breakdown.csv?by=segment&month=2026-09").then().statusCode(200)
                .header("Content-Disposition", containsString("segments-2026-09.csv")).extract().asString();
        assertTrue(!september.equals(latest), "a month with figures is that month's");
        // the sample's figures run from 2025-09 to 2026-10: any other month shows the latest, as the page does
        for (String month : List.of("+5874898-01", "-999999999-01", "1899-12", "2024-01", "2030-01")) {
            String csv = given().queryParam("by", "segment").queryParam("month", month)
                    .get("/executive/breakdown.csv").then().statusCode(200)
                    .header("Content-Disposition", containsString("segments-2026-10.csv")).extract().asString();
            assertEquals(latest, csv, month);
            given().queryParam("month", month).get("/executive").then().statusCode(200)
                    .body(containsString("<option value=\"2026-10\" selected>"));
            given().queryParam("month", month).queryParam("by", "tenure").get("/executive/breakdown").then()
                    .statusCode(200).body(containsString("Breakdown by Tenure"));
        }
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void executiveReadsTheCsmListButMayNotActOnAlerts() {
        String page = given().get("/csm?scope=all").then().statusCode(200).extract().asString();
        assertTrue(page.contains("Read only"), "an executive is told the list is read only");
        assertTrue(page.contains("<h1>All accounts</h1>"), "an executive has no book of their own: all accounts");
        assertTrue(!page.contains("hx-post=\"/csm/alerts/"), "no alert action forms for an executive");
        given().get("/csm/accounts.csv").then().statusCode(200);
        String token = given().get("/csm").then().extract().cookie("bw-csrf");
        given().cookie("bw-csrf", token).header("X-CSRF-Token", token).formParam("action", "acknowledge")
                .post("/csm/alerts/1").then().statusCode(403);
        given().get("/admin/targets").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void breakDownBySwitchesTheTableAndEachRowOpensItsAccounts() throws Exception {
        String page = given().get("/executive?by=industry").then().statusCode(200).extract().asString();
        assertTrue(page.contains("Breakdown by Industry"), "the attribute from the URL");
        assertTrue(page.contains("<input type=\"hidden\" form=\"month-form\" name=\"by\" value=\"industry\">"),
                "choosing another month keeps the breakdown's attribute");
        assertTrue(page.contains("href=\"/csm?scope=all&amp;by=industry&amp;key=Agriculture\""),
                "a slice's row links to its accounts");
        // no month asked, none kept by the switches: the page goes on following the newest month
        assertTrue(page.contains("hx-push-url=\"/executive?by=plan&amp;cohorts=retention\"")
                && !page.contains("/executive?month=2026-10&amp;by=plan"), "the switches keep no month");
        // the latest month named in the address is kept: the tiles stay on it when newer data comes, and so would
        // a switched panel (it followed the newest month, under the named month's tiles)
        given().get("/executive?month=2026-10&by=tenure").then().statusCode(200)
                .body(containsString("hx-push-url=\"/executive?month=2026-10&amp;by=plan&amp;cohorts=retention\""))
                .body(containsString("hx-get=\"/executive/cohorts?month=2026-10&amp;by=tenure&amp;cohorts=nps\""))
                // while its tenure rows open the accounts in that band now, as a view saved from them should
                .body(containsString("href=\"/csm?scope=all&amp;by=tenure&amp;key=24%2B\""))
                .body(not(containsString("at=2026-10")));
        // a month without figures shows the latest instead: the switches keep none, so the page goes on following it
        given().get("/executive?month=2019-01&by=tenure").then().statusCode(200)
                .body(containsString("hx-push-url=\"/executive?by=plan&amp;cohorts=retention\""))
                .body(not(containsString("month=2019-01")))
                .body(not(containsString("/executive?month=2026-10&amp;by=")))
                .body(not(containsString("/executive/cohorts?month=2026-10&amp;by=")));
        given().header("HX-Request", "true").get("/executive/cohorts?month=2019-01&by=tenure&cohorts=nps").then()
                .statusCode(200).body(containsString("hx-get=\"/executive/breakdown?by=plan&amp;cohorts=nps\""));
        given().header("HX-Request", "true").get("/executive/cohorts?month=2026-10&by=industry&cohorts=nps").then()
                .statusCode(200).body(containsString("hx-get=\"/executive/breakdown?month=2026-10&amp;by=plan"
                        + "&amp;cohorts=nps\""));
        given().header("HX-Request", "true").get("/executive/breakdown?by=tenure&month=2026-09").then()
                .statusCode(200).body(startsWith("<section id=\"breakdown-panel\""))
                .body(containsString("Breakdown by Tenure"))
                .body(containsString("hx-push-url=\"/executive?month=2026-09&amp;by=plan&amp;cohorts=retention\""));
        // the sample has two Agriculture accounts (one of them no longer pays) and four without an industry
        given().get("/csm?scope=all&by=industry&key=Agriculture").then().statusCode(200)
                .body(containsString("2 accounts match in the slice Industry: Agriculture"));
        given().get("/csm?scope=all&by=industry&key=(none)").then().statusCode(200)
                .body(containsString("4 accounts match"));
        // tenure at October 2026: 27 accounts became customers by October 2024, 17 from May 2026 on
        given().queryParam("scope", "all").queryParam("by", "tenure").queryParam("key", "24+").get("/csm").then()
                .statusCode(200).body(containsString("27 accounts match in the slice Tenure: 24+"));
        given().queryParam("scope", "all").queryParam("by", "tenure").queryParam("key", "0-5").get("/csm").then()
                .statusCode(200).body(containsString("17 accounts match"));
        // an earlier month's tenure row opens the accounts of that band then, not now
        given().header("HX-Request", "true").get("/executive/breakdown?by=tenure&month=2026-04").then()
                .statusCode(200)
                .body(containsString("href=\"/csm?scope=all&amp;by=tenure&amp;key=24%2B&amp;at=2026-04\""));
        // the latest month's rows open the accounts in that band now: a view saved from them stays current
        given().header("HX-Request", "true").get("/executive/breakdown?by=tenure").then().statusCode(200)
                .body(containsString("href=\"/csm?scope=all&amp;by=tenure&amp;key=24%2B\""));
        long then;
        java.util.regex.Pattern date = java.util.regex.Pattern.compile(",(\\d{4}-\\d{2})-\\d{2},");
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(
                dev.bellwether.testing.ImportClient.SAMPLE.resolve("accounts.csv"))) {
            // customer_since (the row's first date) in April 2024 or before: 24 months or more by April 2026
            then = lines.skip(1).map(date::matcher).filter(java.util.regex.Matcher::find)
                    .filter(m -> m.group(1).compareTo("2024-05") < 0).count();
        }
        assertTrue(then < 27, "fewer accounts were 24 months old in April");
        given().queryParam("scope", "all").queryParam("by", "tenure").queryParam("key", "24+")
                .queryParam("at", "2026-04").get("/csm").then().statusCode(200)
                .body(containsString(then + " accounts match in the slice Tenure: 24+ in 2026-04"));
        given().header("HX-Request", "true").get("/executive/cohorts?cohorts=nps").then().statusCode(200)
                .body(startsWith("<figure id=\"cohort-panel\""))
                .body(containsString("&quot;min&quot;:-100.0"));
    }

    /**
     * Each panel's switch names the other panel's choice in its links: switching one sends the other's
     * links again, out of band, so that its next switch (and the address it pushes) keeps this one's.
     */
    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void switchingOnePanelRefreshesTheOtherPanelsLinks() {
        String breakdown = given().header("HX-Request", "true")
                .get("/executive/breakdown?month=2026-09&by=plan&cohorts=nps").then().statusCode(200).extract()
                .asString();
        int oob = breakdown.indexOf("<div id=\"cohort-switch\" hx-swap-oob=\"innerHTML\">");
        assertTrue(oob > 0, breakdown);
        assertTrue(breakdown.substring(oob).contains(
                "href=\"/executive?month=2026-09&amp;by=plan&amp;cohorts=revenue\""), "the cohorts keep the plan");
        String cohorts = given().header("HX-Request", "true")
                .get("/executive/cohorts?month=2026-09&by=plan&cohorts=revenue").then().statusCode(200).extract()
                .asString();
        oob = cohorts.indexOf("<div id=\"breakdown-switch\" hx-swap-oob=\"innerHTML\">");
        assertTrue(oob > 0, cohorts);
        assertTrue(cohorts.substring(oob).contains(
                "href=\"/executive?month=2026-09&amp;by=csm&amp;cohorts=revenue\""), "the breakdown keeps revenue");
        // the whole page has each slot once
        String page = given().get("/executive?by=plan&cohorts=revenue").then().statusCode(200).extract().asString();
        assertEquals(1, page.split("id=\"cohort-switch\"", -1).length - 1);
        assertEquals(1, page.split("id=\"breakdown-switch\"", -1).length - 1);
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void tilesAndCohortsOpenTheAccountsBehindThem() {
        String page = given().get("/executive").then().statusCode(200).extract().asString();
        assertTrue(page.contains("<a href=\"/csm?scope=all&amp;band=healthy&amp;paying=true\" aria-label=\"% healthy: "
                + "Healthy paying accounts\">Healthy paying accounts ›</a>"), "the % healthy tile opens its accounts");
        assertTrue(page.contains("href=\"/csm?scope=all&amp;band=none\""), "logo churn: the accounts not paying now");
        assertTrue(page.contains("href=\"/csm?scope=all&amp;paying=true&amp;sort=-mrr\""), "NRR: the paying accounts");
        // expected.json: 34 healthy paying accounts (64.2 % of 53); the 7 that stopped paying have no score
        assertEquals("34 accounts match", WorkListTest.count(
                given().get("/csm?scope=all&band=healthy&paying=true").then().statusCode(200).extract().asString()));
        assertEquals("7 accounts match", WorkListTest.count(given().get("/csm?scope=all&band=none").asString()));

        assertTrue(page.contains("<li><a href=\"/csm?scope=all&amp;cohort=2025-09\">2025-09 (34)</a></li>"),
                "each cohort links to its accounts");
        assertTrue(page.contains("&quot;links&quot;:[&quot;/csm?scope=all&amp;cohort=2025-09&quot;"),
                "the heatmap's rows lead there too");
        assertTrue(page.contains("<th scope=\"row\"><a href=\"/csm?scope=all&amp;cohort=2025-09\">2025-09</a></th>"),
                "and so does the cohort's row of its numbers");
        // every cell of the heatmap is in the numbers, month by month, a year per table (expected.json: 2025-09's
        // logo retention); both tables name the cohort and its accounts first
        assertTrue(page.contains("<caption>Month 0 to Month 11<span class=\"visually-hidden\"> (Cohort heatmap)"
                + "</span></caption>") && page.contains("<caption>Month 12 to Month 13<span"),
                "a year per table, the second up to 2025-09's last month");
        assertTrue(page.contains("2025-09</a></th><td class=\"num\" data-label=\"Accounts\">34</td><td class=\"num\""
                + " data-label=\"Month 0\">100.0 %</td><td class=\"num\" data-label=\"Month 1\">100.0 %</td><td"
                + " class=\"num\" data-label=\"Month 2\">100.0 %</td><td class=\"num\" data-label=\"Month 3\">100.0 %"
                + "</td><td class=\"num\" data-label=\"Month 4\">97.1 %</td><td class=\"num\" data-label=\"Month 5\">"
                + "91.2 %</td>"), "the first months of 2025-09");
        assertTrue(page.contains("2025-09</a></th><td class=\"num\" data-label=\"Accounts\">34</td><td class=\"num\""
                + " data-label=\"Month 12\">"), "its second year starts a row of the second table");
        assertTrue(page.contains("<td class=\"num\" data-label=\"Month 13\">85.3 %</td></tr>")
                && !page.contains("data-label=\"Month 14\""), "no month after the last with a value");
        assertTrue(page.contains("2025-10</a></th><td class=\"num\" data-label=\"Accounts\">2</td><td class=\"num\""
                + " data-label=\"Month 12\">100.0 %</td><td class=\"num none\" data-label=\"Month 13\">—</td>"),
                "no value after the month shown: left out of a phone's card");
        // a cohort without a value in its second year (2025-11 had 11 months by 2026-10) has no row in that table
        assertEquals(1, page.split("cohort=2025-11\">2025-11</a></th>", -1).length - 1, "2025-11's rows");
        assertEquals(2, page.split("cohort=2025-10\">2025-10</a></th>", -1).length - 1, "2025-10's rows");
        // in April 2026 the oldest cohort had 8 months: one table up to month 7, none of them empty on a phone either
        String april = given().get("/executive?month=2026-04").then().statusCode(200).extract().asString();
        assertTrue(april.contains("data-label=\"Month 7\">") && !april.contains("data-label=\"Month 8\">"),
                "the months up to the one picked");
        assertTrue(april.contains("<caption class=\"visually-hidden\">Cohort heatmap</caption>"), "one table");
        assertTrue(april.contains("<td class=\"num\" data-label=\"Month 7\">—</td>")
                && !april.contains("class=\"num none\""), "a table not cut by the year keeps its — on a phone");
        assertEquals("34 accounts match", WorkListTest.count(given().get("/csm?scope=all&cohort=2025-09").asString()));
        given().header("HX-Request", "true").get("/executive/cohorts?cohorts=nps").then().statusCode(200)
                .body(containsString("<li><a href=\"/csm?scope=all&amp;cohort=2025-09\">2025-09 (34)</a></li>"))
                .body(containsString(
                        "<th scope=\"row\"><a href=\"/csm?scope=all&amp;cohort=2025-09\">2025-09</a></th>"));
    }

    @Test
    @TestSecurity(user = "lars", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = LARS),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void theFirstTabStopSkipsToTheAccountList() {
        String page = given().get("/csm").then().statusCode(200).extract().asString();
        String body = page.substring(page.indexOf("<body"));
        Matcher first = Pattern.compile("<(a|button|input|select|textarea)\\b[^>]*>").matcher(body);
        assertTrue(first.find());
        assertEquals("<a class=\"skip-link\" href=\"#accounts-table\">", first.group(), "the first focusable element");
        assertTrue(body.contains("Skip to the account list</a>"));
        assertTrue(body.contains(
                "<div id=\"accounts-table\" data-focus-fallback class=\"table-scroll\" tabindex=\"0\" role=\"region\""),
                "its target is the accounts table, which takes focus");
        String other = given().get("/tasks").then().statusCode(200).extract().asString();
        assertTrue(other.contains("Skip to content") && !other.contains("Skip to the account list"),
                "other pages keep only the usual skip link");
    }

    @Test
    @TestSecurity(user = "lars", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = LARS),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void csmSeesTheirBookByDefaultAndMayNotOpenTheExecutiveDashboard() {
        given().get("/executive").then().statusCode(403);
        String page = given().get("/csm").then().statusCode(200).extract().asString();
        assertTrue(page.contains("<h1>My accounts</h1>"));
        assertTrue(page.contains("hx-get=\"/csm/tiles?scope=mine\"\n"
                + "         hx-trigger=\"recalculated from:body, alertsChanged from:body\""),
                "the tiles reload after a recalculation or an alert action");
        long mine = Pattern.compile("<th scope=\"row\"><a href=\"/accounts/").matcher(page).results().count();
        long all = given().get("/csm/accounts.csv?scope=mine").then().statusCode(200).extract().asString().lines()
                .count() - 1;
        assertEquals(8, mine, "Lars's book: the 8 accounts accounts.csv gives him");
        assertEquals(all, mine, "every account of Lars's book is listed (one page)");
        String csv = given().get("/csm/accounts.csv?scope=mine").then().extract().asString();
        csv.lines().skip(1).forEach(line -> assertTrue(line.contains(LARS), line));
    }

    @Test
    @TestSecurity(user = "lars", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = LARS),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void filtersAnswerTheListFragmentAndKeepTheirStateInLinks() {
        String fragment = given().header("HX-Request", "true").get("/csm?scope=all&band=at_risk&sort=-mrr")
                .then().statusCode(200).body(startsWith("<div id=\"page-top\">"))
                .body(containsString("<div id=\"work\"")).extract().asString();
        assertTrue(fragment.contains("band=at_risk"), "sort and page links keep the filter");
        // the top comes along: its lead names the order, its switch keeps the filter and the sort (both were
        // drawn once, at the page's load, and went stale)
        String top = fragment.substring(0, fragment.indexOf("<div id=\"work\""));
        assertTrue(top.contains("Every account of"), top);
        assertTrue(top.contains(", by "), "the order named: " + top);
        Matcher mine = Pattern.compile("<a href=\"([^\"]*)\">My book</a>").matcher(top);
        assertTrue(mine.find(), top);
        assertTrue(mine.group(1).contains("band=at_risk") && mine.group(1).contains("sort=-mrr"), mine.group(1));
        Matcher bands = Pattern.compile("class=\"health band-([a-z_]+)\"").matcher(fragment);
        int rows = 0;
        while (bands.find()) {
            assertEquals("at_risk", bands.group(1));
            rows++;
        }
        assertTrue(rows > 0, "the sample has at-risk accounts");
        given().get("/csm?scope=all&band=nonsense&renewal=abc&page=-3").then().statusCode(200)
                .body(containsString("<h1>All accounts</h1>"));
    }

    @Test
    @TestSecurity(user = "lars", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = LARS),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void segmentChoicesAreTheTenantsOwnSegments() {
        String api = FakeKeycloak.accessToken("lars", TENANT, "csm");
        java.util.SortedSet<String> segments = new java.util.TreeSet<>();
        for (int page = 1;; page++) {
            List<String> found = given().auth().oauth2(api).get("/api/v1/accounts?page=" + page).then().statusCode(200)
                    .extract().jsonPath().getList("segment", String.class);
            if (found.isEmpty()) {
                break;
            }
            segments.addAll(found);
        }
        String page = given().get("/csm?scope=all&segment=Mid-Market").then().statusCode(200).extract().asString();
        String select = page.substring(page.indexOf("<select id=\"segment\""), page.indexOf("</select>",
                page.indexOf("<select id=\"segment\"")));
        Matcher option = Pattern.compile("<option value=\"([^\"]+)\"( selected)?>").matcher(select);
        List<String> offered = new java.util.ArrayList<>();
        while (option.find()) {
            offered.add(option.group(1));
            assertEquals(option.group(1).equals("Mid-Market"), option.group(2) != null, option.group(1));
        }
        assertEquals(List.copyOf(segments), offered, "the distinct segments of the tenant's accounts");
        // a segment no account has filters to nothing instead of being ignored
        given().header("HX-Request", "true").get("/csm?scope=all&segment=Strategic").then().statusCode(200)
                .body(containsString("0 accounts match"))
                .body(containsString("<option value=\"Strategic\" selected>Strategic (no account has it)</option>"));
        given().auth().oauth2(api).get("/api/v1/accounts?segment=Strategic").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    @TestSecurity(user = "lars", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = LARS),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void alertActionNeedsTheCsrfTokenAndAnswersTheRefreshedPanel() {
        String page = given().get("/csm?scope=all").then().statusCode(200).extract().asString();
        Matcher form = Pattern.compile("hx-post=\"/csm/alerts/(\\d+)[?\"]").matcher(page);
        assertTrue(form.find(), "the sample has open alerts");
        String id = form.group(1);
        given().formParam("action", "acknowledge").post("/csm/alerts/" + id).then().statusCode(403);
        String token = given().get("/csm").then().extract().cookie("bw-csrf");
        given().cookie("bw-csrf", token).header("X-CSRF-Token", token).header("HX-Request", "true")
                .formParam("action", "acknowledge").formParam("note", "Called them").formParam("scope", "all")
                .post("/csm/alerts/" + id).then().statusCode(200)
                .header("HX-Trigger", "alertsChanged")
                .body(allOf(startsWith("<section id=\"alerts\""), containsString("Acknowledged: ")));
        given().cookie("bw-csrf", token).header("X-CSRF-Token", token).header("HX-Request", "true")
                .formParam("action", "snooze").formParam("scope", "all")
                .post("/csm/alerts/" + id).then().statusCode(422)
                .body(startsWith("<section id=\"alerts\""))
                .body(containsString("<p id=\"alerts-error\" class=\"form-error\" role=\"alert\">Choose the date the"
                        + " snooze lasts until."));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = EMPTY))
    void emptyTenantIsShownHowToUploadNotABrokenPage() {
        given().get("/executive").then().statusCode(200)
                .body(containsString("No figures yet"))
                .body(containsString("href=\"/admin/imports\""))
                // the first figures load the page again (app.js): swapping in its body left it blank
                .body(containsString("data-reload-on=\"recalculated\""))
                .body(not(containsString("hx-select=\"body\"")));
        given().get("/csm").then().statusCode(200).body(containsString("No figures yet"));
        // the panels' switches, asked for without figures, say so instead of failing on the month there is not
        // (a month asked for changes nothing: it was an empty table)
        for (String panel : List.of("/executive/breakdown?by=tenure", "/executive/cohorts?cohorts=nps",
                "/executive/breakdown?month=2026-09", "/executive/cohorts?month=2026-09")) {
            given().header("HX-Request", "true").get(panel).then().statusCode(404)
                    .body(containsString("No figures yet"));
        }
        // nor is there a breakdown to download (it was an empty "segments-.csv")
        for (String export : List.of("/executive/breakdown.csv?by=plan",
                "/executive/breakdown.csv?by=plan&month=2026-09")) {
            given().get(export).then().statusCode(404).body(containsString("No figures yet"));
        }
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = INJECTION))
    void exportedCellsCannotRunAsSpreadsheetFormulas() {
        String accounts = "account_id,name,segment,industry,plan,csm_email,customer_since,renewal_date,"
                + "licensed_seats,first_value_date\n"
                + "ACC-1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",SMB,,,,2025-01-01,,,\n"
                + "ACC-2,+1 Widgets,SMB,,,,2025-01-01,,,\n"
                + "ACC-3,@SUM(A1),SMB,,,,2025-01-01,,,\n"
                + "-ACC-4,-2 Corp,SMB,,,,2025-01-01,,,\n";
        ImportClient.uploadBody(FakeKeycloak.accessToken("ada", INJECTION, "admin"), "accounts",
                accounts.getBytes(java.nio.charset.StandardCharsets.UTF_8)).then().statusCode(201);
        String csv = given().get("/csm/accounts.csv?scope=all").then().statusCode(200).extract().asString();
        assertTrue(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""), csv);
        assertTrue(csv.contains(",'+1 Widgets,"), csv);
        assertTrue(csv.contains(",'@SUM(A1),"), csv);
        assertTrue(csv.contains("'-ACC-4,'-2 Corp,"), csv);
        csv.lines().skip(1).forEach(line -> assertTrue(!line.startsWith("=") && !line.startsWith("+")
                && !line.startsWith("@") && !line.startsWith("-"), line));
    }

    static String tile(String page, String key) {
        Matcher m = Pattern.compile("data-testid=\"tile-" + key + "\"><span class=\"fig\">([^<]*)</span>")
                .matcher(page);
        assertTrue(m.find(), "tile " + key);
        return m.group(1);
    }

    /** The lead says the list's order as it is: "the most at risk first" only when it is sorted by health. */
    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void theLeadSaysTheOrderTheListIsIn() {
        given().get("/csm?scope=all").then().statusCode(200).body(containsString(", the most at risk first."))
                .body(containsString("aria-label=\"All accounts at a glance\""))
                // a score's change says what it is to a screen reader, not only in its title
                .body(containsString("<span class=\"visually-hidden\"> since last month</span></span>"));
        given().get("/csm?scope=all&sort=name").then().statusCode(200).body(containsString(", by name, A to Z."))
                .body(not(containsString("the most at risk first")));
    }
}
