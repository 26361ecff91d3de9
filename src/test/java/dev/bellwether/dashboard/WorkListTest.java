package dev.bellwether.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.account.AccountBook;
import dev.bellwether.account.CohortFilter;
import dev.bellwether.alerts.AlertBook;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.ImportClient;
import dev.bellwether.testing.PageClient;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.ClaimType;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The CSM page as a work list, on the contract's sample (expected.json: 3 at-risk, 16 needs-attention
 * and 34 healthy paying accounts, 7 without a band; 33 open alerts on 16 accounts, 10 of them on the
 * three at-risk ones; 9 accounts with an open expansion): tiles filter the list, several bands at
 * once, the alerts panel follows the filters, bulk acknowledge, and what executives may not do.
 */
@QuarkusTest
class WorkListTest {

    @Inject
    TestTenants testTenants;

    /** Only the platform operator creates tenants: this test's fixed tenants are created first. */
    @BeforeEach
    void createTheTenants() {
        testTenants.ensure(TENANT);
        testTenants.ensure(ACTS);
        testTenants.ensure(BULK);
        testTenants.ensure("worklist-all");
        testTenants.ensure("worklist-none-csm");
    }

    static final String TENANT = "worklist-sample";
    static final String ACTS = "worklist-acts";
    static final String BULK = "worklist-bulk";

    @Inject
    Recalculations recalculations;

    @Inject
    AuditLog audit;

    @Inject
    AccountBook book;

    @Inject
    AlertBook alertBook;

    @Inject
    Database database;

    @Inject
    TenantData data;

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void tilesAreLinksThatShowExactlyTheirAccounts() {
        recalculations.loadSample(TENANT);
        String page = given().get("/csm?scope=all").then().statusCode(200).extract().asString();
        assertTrue(page.contains("href=\"/csm?scope=all&amp;band=at_risk&amp;paying=true\""), "the at-risk tile");
        assertTrue(page.contains("href=\"/csm?scope=all&amp;alerts=open\""), "the open-alerts tile");
        assertTrue(page.contains("hx-target=\"#work\" hx-select=\"#work\""), "a tile swaps the work region");

        String atRisk = htmx().get("/csm?scope=all&band=at_risk&paying=true").then().statusCode(200)
                .body(startsWith("<div id=\"page-top\">")).body(containsString("<div id=\"work\"")).extract()
                .asString();
        assertEquals("3 accounts match", count(atRisk));
        assertEquals(List.of("at_risk", "at_risk", "at_risk"), bands(atRisk));
        assertTrue(atRisk.contains("aria-current=\"true\" data-testid=\"tile-atRisk\""), "the tile is marked");
        assertTrue(atRisk.contains("Alerts of these accounts <span class=\"muted\">(10)</span>"), "the panel follows");

        assertEquals("16 accounts match", count(htmx().get("/csm?scope=all&alerts=open").asString()));
        assertEquals("9 accounts match", count(htmx().get("/csm?scope=all&expansion=open").asString()));
        assertTrue(htmx().get("/csm?scope=all&renewal=90&paying=true").asString()
                .contains("aria-current=\"true\" data-testid=\"tile-renewals\""));

        // the tiles reload (after an alert action) with the list's filters and sort: the tile stays current
        // and its links keep the sort; filtering the list again sends the tiles out of band
        String sorted = htmx().get("/csm?scope=all&band=at_risk&paying=true&sort=-mrr").asString();
        assertTrue(sorted.contains("hx-get=\"/csm/tiles?scope=all&amp;band=at_risk&amp;paying=true&amp;sort=-mrr\""),
                "the tiles reload with the list's query");
        String tiles = given().get("/csm/tiles?scope=all&band=at_risk&paying=true&sort=-mrr").then().statusCode(200)
                .extract().asString();
        assertTrue(tiles.contains("aria-current=\"true\" data-testid=\"tile-atRisk\""), "still the current tile");
        assertTrue(tiles.contains("href=\"/csm?scope=all&amp;alerts=open&amp;sort=-mrr\""), "the sort kept");
        assertTrue(page.contains("hx-select-oob=\"#alerts,#saved-views,#tiles,#page-top\""),
                "filters refresh the tiles, and the top's switch and lead");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void severalBandsAtOnceInThePageTheCsvAndThePanel() {
        recalculations.loadSample(TENANT);
        String page = given().get("/csm?scope=all&band=at-risk&band=needs_attention").then().statusCode(200)
                .extract().asString();
        assertEquals("19 accounts match", count(page));
        List<String> shown = bands(page);
        assertEquals(19, shown.size());
        assertEquals(3, shown.stream().filter("at_risk"::equals).count());
        assertEquals(16, shown.stream().filter("needs_attention"::equals).count());
        assertTrue(page.contains("name=\"band\" value=\"at_risk\" checked"));
        assertTrue(page.contains("name=\"band\" value=\"needs_attention\" checked"));
        assertTrue(page.contains("name=\"band\" value=\"healthy\">"), "healthy is not checked");
        assertTrue(page.contains("href=\"/csm/accounts.csv?scope=all&amp;band=needs_attention&amp;band=at_risk\""),
                "the export keeps both bands");
        assertTrue(page.contains("(30)</span></h2>"), "30 alerts on those 19 accounts");

        String csv = given().get("/csm/accounts.csv?scope=all&band=needs_attention&band=at_risk").then()
                .statusCode(200).extract().asString();
        List<String> rows = csv.lines().skip(1).toList();
        assertEquals(19, rows.size());
        rows.forEach(r -> assertTrue(r.contains(",at_risk,") || r.contains(",needs_attention,"), r));

        htmx().get("/csm/alerts?scope=all&band=at_risk&all=true").then().statusCode(200)
                .body(startsWith("<section id=\"alerts\""))
                .body(containsString("(10)</span></h2>"));
        // none (accounts without a score) combines with a band too: the 7 churned accounts have none
        assertEquals("10 accounts match", count(htmx().get("/csm?scope=all&band=none&band=at_risk").asString()));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = ACTS))
    void thePanelShowsOpenBeforeAcknowledgedAndASnoozeWithoutDateIsAnError() {
        recalculations.loadSample(ACTS);
        String api = FakeKeycloak.accessToken("ada", ACTS, "admin");
        int id = given().auth().oauth2(api).get("/api/v1/alerts?rule=at-risk&account=ACC-00057").then()
                .statusCode(200).extract().path("[0].id");
        given().auth().oauth2(api).contentType(ContentType.JSON).body("{}").post("/api/v1/alerts/" + id
                + "/acknowledge").then().statusCode(200);

        String panel = htmx().get("/csm/alerts?scope=all&band=at_risk&all=true").then().statusCode(200).extract()
                .asString();
        List<String> statuses = new ArrayList<>();
        Matcher status = Pattern.compile("class=\"status status-alert-([a-z]+)\"").matcher(panel);
        while (status.find()) {
            statuses.add(status.group(1));
        }
        assertEquals(10, statuses.size());
        assertEquals("acknowledged", statuses.get(9), "the acknowledged one comes after the nine open ones");
        assertEquals(9, statuses.stream().filter("open"::equals).count());
        assertTrue(panel.contains("<select id=\"action-" + id + "\" name=\"action\""), "one compact control");
        assertTrue(panel.contains("hx-post=\"/csm/alerts/" + id + "?scope=all&amp;band=at_risk&amp;all=true\""),
                "the action answers the same filtered panel, every alert still shown");

        String open = Pattern.compile("hx-post=\"/csm/alerts/(\\d+)\\?").matcher(panel).results().map(m -> m.group(1))
                .filter(a -> !a.equals(Integer.toString(id))).findFirst().orElseThrow();
        String token = given().get("/csm").then().extract().cookie("bw-csrf");
        given().cookie("bw-csrf", token).header("X-CSRF-Token", token).header("HX-Request", "true")
                .formParam("action", "snooze").post("/csm/alerts/" + open + "?scope=all&band=at_risk").then()
                .statusCode(422)
                .body(startsWith("<section id=\"alerts\""))
                .body(containsString("<p id=\"alerts-error\" class=\"form-error\" role=\"alert\">Choose the date the"
                        + " snooze lasts until."));
        given().auth().oauth2(api).get("/api/v1/alerts?status=all").then()
                .body("find { it.id == " + open + " }.status", equalTo("open"));
        given().cookie("bw-csrf", token).header("X-CSRF-Token", token).header("HX-Request", "true")
                .formParam("action", "snooze").formParam("until", "2099-01-01")
                .post("/csm/alerts/" + open).then().statusCode(422)
                .body(containsString("The snooze must last until a date after today, at most a year ahead."));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = BULK))
    void bulkAcknowledgeActsOnTheSelectedAccountsAllOrNothing() {
        recalculations.loadSample(BULK);
        String api = FakeKeycloak.accessToken("ada", BULK, "admin");
        String page = given().get("/csm?scope=all&band=at_risk").then().statusCode(200).extract().asString();
        assertTrue(page.contains("name=\"account\" value=\"ACC-00057\""), "rows can be selected");
        assertTrue(page.contains("hx-include=\"#account-list input[name=account]:checked, #alerts input[name=all]\""),
                "the ticked rows, and whether the alerts panel shows them all");
        String token = given().get("/csm").then().extract().cookie("bw-csrf");
        RequestSpecification post = given().cookie("bw-csrf", token).header("X-CSRF-Token", token)
                .header("HX-Request", "true");

        post.formParam("account", "ACC-00057").formParam("account", "ACC-NOPE")
                .post("/csm/bulk/acknowledge?scope=all").then().statusCode(422)
                .body(containsString("There is no account ACC-NOPE; nothing was changed."));
        given().auth().oauth2(api).get("/api/v1/alerts").then().body("$", hasSize(33));
        given().cookie("bw-csrf", token).header("X-CSRF-Token", token).header("HX-Request", "true")
                .post("/csm/bulk/acknowledge").then().statusCode(422)
                .body(containsString("Select at least one account."));
        // 101 distinct accounts: refused whole, nothing written (the sample's 60 and 41 ids it does not have)
        List<String> many = new java.util.ArrayList<>();
        for (int i = 1; i <= 101; i++) {
            many.add(String.format("ACC-%05d", i));
        }
        given().cookie("bw-csrf", token).header("X-CSRF-Token", token).header("HX-Request", "true")
                .formParam("account", many.toArray()).post("/csm/bulk/acknowledge?scope=all").then().statusCode(422)
                .body(containsString("Select at most 100 accounts at a time."));
        given().auth().oauth2(api).get("/api/v1/alerts").then().body("findAll { it.status == 'open' }", hasSize(33));

        given().cookie("bw-csrf", token).header("X-CSRF-Token", token).header("HX-Request", "true")
                .formParam("account", "ACC-00057").formParam("account", "ACC-00024").formParam("account", "ACC-00019")
                .post("/csm/bulk/acknowledge?scope=all&band=at_risk").then().statusCode(200)
                .header("HX-Trigger", "alertsChanged")
                .body(containsString("Acknowledged 10 alerts on 3 accounts."))
                .body(containsString("<section id=\"alerts\""))
                .body(containsString("hx-swap-oob=\"true\""));
        List<String> statuses = given().auth().oauth2(api).get("/api/v1/alerts?status=all").then().extract()
                .jsonPath().getList("findAll { it.accountId in ['ACC-00057', 'ACC-00024', 'ACC-00019'] }.status");
        assertEquals(10, statuses.size());
        statuses.forEach(s -> assertEquals("acknowledged", s));
        given().auth().oauth2(api).get("/api/v1/alerts").then().body("findAll { it.status == 'open' }", hasSize(23));
        List<AuditLog.Event> events = TenantContext.call(BULK, () -> audit.page(AuditKind.ALERT, 1, 50)).events();
        assertEquals(List.of("ACC-00019", "ACC-00024", "ACC-00057"),
                events.stream().map(AuditLog.Event::subject).sorted().toList(), "one audit entry per account");
        assertTrue(events.stream().anyMatch(e -> e.summary().startsWith("Acknowledged at-risk, health-drop,")),
                events.toString());

        // again: nothing waits for an acknowledgement, though the rows still count their alerts as open
        given().cookie("bw-csrf", token).header("X-CSRF-Token", token).header("HX-Request", "true")
                .formParam("account", "ACC-00057").formParam("account", "ACC-00024").formParam("account", "ACC-00019")
                .post("/csm/bulk/acknowledge?scope=all&band=at_risk").then().statusCode(200)
                .body(containsString("Nothing to acknowledge: no alert of the 3 selected accounts is waiting for an"
                        + " acknowledgement (acknowledged, snoozed and resolved ones stay as they are)."));
        // a panel showing all its alerts (the hidden all=true it then carries) stays so after a bulk acknowledge
        String folded = given().cookie("bw-csrf", token).header("X-CSRF-Token", token).header("HX-Request", "true")
                .formParam("account", "ACC-00003").post("/csm/bulk/acknowledge?scope=all").then()
                .statusCode(200).extract().asString();
        assertEquals(10, Pattern.compile("<li class=\"alert-item\"").matcher(folded).results().count(), "ten at first");
        String unfolded = given().cookie("bw-csrf", token).header("X-CSRF-Token", token).header("HX-Request", "true")
                .formParam("account", "ACC-00004").formParam("all", "true")
                .post("/csm/bulk/acknowledge?scope=all").then().statusCode(200).extract().asString();
        assertTrue(unfolded.contains("<input type=\"hidden\" name=\"all\" value=\"true\">"), "still all");
        assertTrue(Pattern.compile("<li class=\"alert-item\"").matcher(unfolded).results().count() > 10, unfolded);
        assertFalse(unfolded.contains("Show all "), "no link to show them all: they are");
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void executivesChangeNothingHere() {
        given().contentType(ContentType.URLENC).formParam("account", "ACC-00057").post("/csm/bulk/acknowledge")
                .then().statusCode(403);
        given().contentType(ContentType.URLENC).formParam("action", "acknowledge").post("/csm/alerts/1")
                .then().statusCode(403);
        given().contentType(ContentType.URLENC).formParam("name", "Mine").post("/csm/views").then().statusCode(403);
        String api = FakeKeycloak.accessToken("eve", TENANT, "executive");
        given().auth().oauth2(api).contentType(ContentType.JSON).body("{\"name\":\"x\",\"query\":\"\"}")
                .post("/api/v1/views").then().statusCode(403);
        given().auth().oauth2(api).get("/api/v1/views").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "lars", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT),
            @Claim(key = "email", value = "lars.nielsen@bellwether.example"),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void theAlertControlIsCompactAndOpensItsInputsOnlyWhenChosen() {
        recalculations.loadSample(TENANT);
        String panel = htmx().get("/csm/alerts?scope=all&all=true").then().statusCode(200).extract().asString();
        assertEquals(33, Pattern.compile("<li class=\"alert-item\"").matcher(panel).results().count());
        assertEquals(33, Pattern.compile("<select id=\"action-\\d+\" name=\"action\" class=\"alert-action\"")
                .matcher(panel).results().count());
        assertTrue(panel.contains("<option value=\"snooze\">Snooze until…</option>"));
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        assertTrue(panel.contains("type=\"date\" name=\"until\" min=\"" + today.plusDays(1) + "\" max=\""
                + today.plusYears(1) + "\""), "the date picker offers what a snooze may last until");
        assertTrue(panel.contains("<span class=\"alert-more\">"), "note, date and Apply sit in the part CSS reveals");
    }

    /** Acting on an alert of the whole list answers the panel still showing them all (it folded back to ten). */
    @Test
    @TestSecurity(user = "lars", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = "worklist-all"),
            @Claim(key = "email", value = "lars.nielsen@bellwether.example"),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void actingOnAnAlertOfTheWholeListKeepsTheWholeList() {
        recalculations.loadSample("worklist-all");
        String panel = htmx().get("/csm/alerts?scope=all&all=true").then().statusCode(200).extract().asString();
        Matcher action = Pattern.compile("hx-post=\"(/csm/alerts/\\d+[^\"]*)\"").matcher(panel);
        assertTrue(action.find());
        String url = action.group(1).replace("&amp;", "&");
        assertTrue(url.contains("all=true"), url);
        String after = PageClient.htmx("/csm").formParam("action", "acknowledge").post(url).then().statusCode(200)
                .extract().asString();
        assertEquals(33, Pattern.compile("<li class=\"alert-item\"").matcher(after).results().count());
        assertTrue(after.contains("hx-get=\"/csm/alerts?scope=all&amp;all=true\""), "its reload keeps them all too");
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void thePanelFollowsTheSliceAndTheCohortOfTheDrillDownToo() {
        recalculations.loadSample(TENANT);
        int everyAlert = panelCount(htmx().get("/csm/alerts?scope=all&all=true").asString());
        assertEquals(33, everyAlert);
        // the slices' sizes in the sample, counted in accounts.csv (not by the filter under test)
        assertTrue(given().get("/csm?scope=all&by=segment&key=Unsegmented").asString()
                .contains("1 account matches in the slice"), "one account has no segment");
        assertTrue(given().get("/csm?scope=all&by=plan&key=(none)").asString()
                .contains("3 accounts match in the slice"), "three have no plan");
        for (String drill : List.of("by=industry&key=Agriculture", "by=industry&key=(none)", "by=tenure&key=24%2B",
                "by=tenure&key=0-5", "by=segment&key=Unsegmented", "by=plan&key=(none)", "cohort=2025-09",
                "by=tenure&key=24%2B&cohort=2025-09", "band=at_risk&by=tenure&key=24%2B")) {
            String csv = given().get("/csm/accounts.csv?scope=all&" + drill).then().statusCode(200).extract()
                    .asString();
            assertTrue(csv.lines().findFirst().orElseThrow().endsWith(",open_alerts,override_band"));
            // counted from the end of each row: a name may hold a quoted comma
            int expected = csv.lines().skip(1).mapToInt(r -> {
                String[] cells = r.split(",", -1);
                return Integer.parseInt(cells[cells.length - 2]);
            }).sum();
            String page = given().get("/csm?scope=all&" + drill).then().statusCode(200).extract().asString();
            int panel = panelCount(page);
            assertEquals(expected, panel, drill + ": the panel counts the alerts of exactly the listed accounts");
            assertEquals(panel, panelCount(htmx().get("/csm/alerts?scope=all&all=true&" + drill).asString()),
                    drill + ": the panel alone (its own reload) keeps the filter");
            assertTrue(page.contains("Alerts of these accounts"), drill + ": the panel says it is filtered");
        }
        // the drill-downs narrow: Agriculture's two accounts carry fewer alerts than the book
        assertTrue(panelCount(given().get("/csm?scope=all&by=industry&key=Agriculture").asString()) < everyAlert);
        // cohort 2025-09: the 34 accounts already paying in September 2025 (docs/metrics.md's worked example)
        String cohort = given().get("/csm?scope=all&cohort=2025-09").then().statusCode(200).extract().asString();
        assertEquals("34 accounts match", count(cohort));
        assertTrue(cohort.contains("in the cohort of 2025-09"), "the list says which cohort");
        assertTrue(cohort.contains("<input type=\"hidden\" name=\"cohort\" value=\"2025-09\">"),
                "changing another filter keeps the cohort");
        assertEquals("0 accounts match", count(given().get("/csm?scope=all&cohort=1999-01").asString()));
        assertTrue(given().get("/csm?scope=all&cohort=not-a-month").asString().contains("<h1>All accounts</h1>"),
                "an unreadable cohort is ignored, like any unknown value");
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void changingAFilterOfAnEarlierMonthsTenureSliceKeepsItsMonth() {
        recalculations.loadSample(TENANT);
        // accounts.csv: 4 accounts became customers from April to September 2025 (6-11 months old in
        // March 2026), 7 from November 2025 to April 2026 (6-11 months old in October 2026, the latest month)
        String page = given().get("/csm?scope=all&by=tenure&key=6-11&at=2026-03").then().statusCode(200).extract()
                .asString();
        assertEquals("4 accounts match", count(page));
        Map<String, String> hidden = hiddenFields(page);
        assertEquals("2026-03", hidden.get("at"), "the filter form carries the slice's month");
        assertEquals("tenure", hidden.get("by"));
        assertEquals("6-11", hidden.get("key"));
        // what the form sends when another filter changes: still the accounts of that band in March
        String changed = htmx().queryParams(hidden).get("/csm").then().statusCode(200).extract().asString();
        assertEquals("4 accounts match", count(changed));
        assertTrue(changed.contains("in the slice Tenure: 6-11 in 2026-03"), "the list still says the month");
        assertEquals("7 accounts match", count(given().get("/csm?scope=all&by=tenure&key=6-11").asString()),
                "today's band is another set of accounts");
    }

    /** The CSM breakdown's (none) slice lists the accounts whose CSM column says "(none)" too, as it counts them. */
    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "worklist-none-csm"))
    void theNoCsmSliceListsAccountsWhoseCsmSaysNone() {
        recalculations.loadSample("worklist-none-csm");
        String before = count(given().get("/csm?scope=all&by=csm&key=(none)").asString());
        // ACC-00003's CSM column says "(none)" now, as a CRM export may write it
        String row = "ACC-00003,Evergreen Capital S.A.,SMB,Energy,Starter,(none),2024-07-10,,5,2024-07-19\n";
        ImportClient.uploadBody(FakeKeycloak.accessToken("ada", "worklist-none-csm", "admin"), "accounts",
                ("account_id,name,segment,industry,plan,csm_email,customer_since,renewal_date,licensed_seats,"
                        + "first_value_date\n" + row).getBytes(java.nio.charset.StandardCharsets.UTF_8)).then()
                .statusCode(201);
        recalculations.awaitIdle("worklist-none-csm");
        assertEquals("(none)", data.single("worklist-none-csm",
                "select csm_email from account where account_id = 'ACC-00003'"));
        String after = count(given().get("/csm?scope=all&by=csm&key=(none)").asString());
        assertEquals(Integer.parseInt(before.split(" ")[0]) + 1, Integer.parseInt(after.split(" ")[0]),
                before + " then " + after);
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void aMonthOutsideTheSaneRangeIsIgnoredLikeAnUnreadableOne() {
        recalculations.loadSample(TENANT);
        // 53 paying accounts; 17 became customers from May 2026 on (0-5 months old in October 2026)
        assertEquals("53 accounts match", count(given().get("/csm?scope=all&paying=true").asString()));
        for (String month : List.of("+5874898-01", "-999999999-01", "1899-12", "9999-12")) {
            String cohort = given().queryParam("scope", "all").queryParam("paying", "true")
                    .queryParam("cohort", month).get("/csm").then().statusCode(200).extract().asString();
            assertEquals("53 accounts match", count(cohort), month + ": the cohort is ignored");
            assertTrue(!cohort.contains("in the cohort of"), month);
            assertTrue(!hiddenFields(cohort).containsKey("cohort"), month + ": the form does not carry it on");
            given().queryParam("scope", "all").queryParam("cohort", month).get("/csm/accounts.csv").then()
                    .statusCode(200);

            String tenure = given().queryParam("scope", "all").queryParam("by", "tenure").queryParam("key", "0-5")
                    .queryParam("at", month).get("/csm").then().statusCode(200).extract().asString();
            assertEquals("17 accounts match", count(tenure), month + ": measured at the latest month");
            assertTrue(tenure.contains("in the slice Tenure: 0-5 ("), month + ": the list names no month");
            assertTrue(!hiddenFields(tenure).containsKey("at"), month);
            given().queryParam("scope", "all").queryParam("by", "tenure").queryParam("key", "0-5")
                    .queryParam("at", month).get("/csm/alerts").then().statusCode(200);
        }
        // the first and a near-future month are months like any other: no account started paying then
        assertEquals("0 accounts match", count(given().get("/csm?scope=all&cohort=1900-01").asString()));
        assertEquals("0 accounts match", count(given().get("/csm?scope=all&cohort=2030-01").asString()));
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void theExpansionAndCohortFiltersReadOnlyTheTenantsPartitions() {
        recalculations.loadSample(TENANT);
        recalculations.loadSample(ACTS);
        assertTrue(TenantContext.call(TENANT, () -> database.one("select count(*)::int as n from pg_inherits"
                + " where inhparent = 'mrr'::regclass", row -> row.integer("n"))) > 1, "other tenants' partitions");
        List<String> own = List.of("FOR VALUES IN ('" + TENANT + "')");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        AccountBook.Filter expansion = new AccountBook.Filter(List.of(), null, null, null, null, false, false, true);
        AccountBook.Filter cohort = new AccountBook.Filter(List.of(), null, null, null, null, false, false, false,
                List.of(new CohortFilter(YearMonth.of(2025, 9))));
        record Drill(AccountBook.Filter filter, String table, String query, long accounts) {
        }
        for (Drill d : List.of(new Drill(expansion, "opportunity", "expansion=open", 9),
                new Drill(cohort, "mrr", "cohort=2025-09", 34))) {
            String csv = given().get("/csm/accounts.csv?scope=all&" + d.query()).then().statusCode(200).extract()
                    .asString();
            int alerts = csv.lines().skip(1).mapToInt(r -> {
                String[] cells = r.split(",", -1);
                return Integer.parseInt(cells[cells.length - 2]);
            }).sum();
            long[] listed = new long[1];
            assertEquals(own, partitionsPlanned(d.table(), () -> listed[0] = book.list(d.filter(), "health", 1, 25,
                    today).total()), d.query() + ": the list plans only the tenant's partition");
            assertEquals(d.accounts(), listed[0], d.query() + ": the same accounts");
            int[] counted = new int[2];
            assertEquals(own, partitionsPlanned(d.table(), () -> counted[0] = alertBook.countOpenOf(
                    d.filter().criteria(today))), d.query() + ": the panel's count too");
            assertEquals(own, partitionsPlanned(d.table(), () -> counted[1] = alertBook.openOf(
                    d.filter().criteria(today), List.of(), 1000).size()), d.query() + ": and the panel's alerts");
            assertEquals(alerts, counted[0], d.query() + ": the open alerts of those accounts");
            assertEquals(alerts, counted[1], d.query());
        }
    }

    /**
     * The partitions of {@code table} that {@code work}'s queries were planned over, by bound: the planner
     * locks each partition it does not prune until the transaction ends.
     */
    private List<String> partitionsPlanned(String table, Runnable work) {
        return TenantContext.call(TENANT, () -> QuarkusTransaction.requiringNew().call(() -> {
            work.run();
            return database.query("select pg_get_expr(c.relpartbound, c.oid) as bound from pg_locks l"
                    + " join pg_inherits i on i.inhrelid = l.relation join pg_class c on c.oid = l.relation"
                    + " where l.pid = pg_backend_pid() and l.locktype = 'relation' and i.inhparent = ?::regclass"
                    + " order by 1", row -> row.string("bound"), table);
        }));
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void aPagePastTheEndShowsTheLastPage() {
        recalculations.loadSample(TENANT);
        // 60 accounts, 25 a page: the third and last page holds 10
        List<String> last = accountIds(given().get("/csm?scope=all&page=3").then().statusCode(200).extract()
                .asString());
        assertEquals(10, last.size());
        for (String page : List.of("4", "99", "2147483647")) {
            String past = htmx().get("/csm?scope=all&page=" + page).then().statusCode(200).extract().asString();
            assertEquals(last, accountIds(past), page + ": the last page's accounts");
            assertTrue(past.contains("60 accounts · page 3 of 3"), page + ": says which page it shows");
            assertTrue(past.contains("href=\"/csm?scope=all&amp;page=2\" hx-get=\"/csm?scope=all&amp;page=2\""),
                    page + ": Previous leads to page 2");
            assertTrue(!past.contains("rel=\"next\"") && !past.contains("No account matches"), page);
        }
        // a filtered list of one page shows it; a list without matches still says so
        String atRisk = given().get("/csm?scope=all&band=at_risk&page=5").then().statusCode(200).extract().asString();
        assertEquals("3 accounts match", count(atRisk));
        assertEquals(3, accountIds(atRisk).size());
        String none = given().get("/csm?scope=all&segment=Strategic&page=2").then().statusCode(200).extract()
                .asString();
        assertEquals("0 accounts match", count(none));
        assertTrue(none.contains("No account matches."));
    }

    /** The accounts the page lists, in order. */
    static List<String> accountIds(String page) {
        return Pattern.compile("<th scope=\"row\"><a href=\"/accounts/([^\"]+)\"").matcher(page).results()
                .map(m -> m.group(1)).toList();
    }

    /** The hidden fields of the page's filter form, by name. */
    static Map<String, String> hiddenFields(String page) {
        int start = page.indexOf("<form id=\"filters\"");
        String form = page.substring(start, page.indexOf("</form>", start));
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(form);
        while (m.find()) {
            fields.put(m.group(1), m.group(2).replace("&amp;", "&"));
        }
        return fields;
    }

    static int panelCount(String html) {
        Matcher m = Pattern.compile("id=\"alerts-heading\">[^<]*<span class=\"muted\">\\((\\d+)\\)</span>")
                .matcher(html);
        assertTrue(m.find(), "the alerts panel's count");
        return Integer.parseInt(m.group(1));
    }

    static RequestSpecification htmx() {
        return given().header("HX-Request", "true");
    }

    static String count(String page) {
        Matcher m = Pattern.compile("class=\"muted list-count\">([0-9,]+ accounts? match)").matcher(page);
        assertTrue(m.find(), "the list's count");
        // said the same into the page's status region, which stays when the list is put in anew
        Matcher said = Pattern.compile("<span hidden hx-swap-oob=\"innerHTML:#list-status\">([0-9,]+ accounts? match)")
                .matcher(page);
        assertTrue(said.find(), "the list's count, read out");
        assertEquals(m.group(1), said.group(1));
        return m.group(1);
    }

    static List<String> bands(String page) {
        String list = page.substring(page.indexOf("<div id=\"account-list\""));
        list = list.substring(0, list.indexOf("</table>"));
        List<String> bands = new ArrayList<>();
        Matcher m = Pattern.compile("class=\"health band-([a-z_]+)\"").matcher(list);
        while (m.find()) {
            bands.add(m.group(1));
        }
        return bands;
    }


    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "worklist-many"))
    void askedForAllAlertsThePanelShowsTheMostPressingTwoHundredAndSaysSo() {
        String tenant = testTenants.ensure("worklist-many");
        recalculations.loadSample(tenant);
        // every account gets every rule's alert it does not have yet: far more than the panel shows at once
        data.single(tenant, """
                with added as (
                  insert into alert (tenant_id, id, account_id, rule, detail, opened_month)
                  select a.tenant_id,
                         (select coalesce(max(id), 0) from alert) + row_number() over (order by a.account_id, r),
                         a.account_id, r, 'Added by the test', date '2024-12-01'
                  from account a
                  cross join unnest(array['at-risk', 'health-drop', 'usage-decline', 'detractor', 'renewal-risk',
                                          'no-contact']) r
                  where not exists (select 1 from alert x where x.account_id = a.account_id and x.rule = r
                                    and x.status <> 'resolved')
                  returning 1)
                select count(*) from added""");
        String panel = htmx().get("/csm/alerts?scope=all&all=true").then().statusCode(200).extract().asString();
        Matcher heading = Pattern.compile("Open alerts <span class=\"muted\">\\((\\d+)\\)</span>").matcher(panel);
        assertTrue(heading.find(), panel);
        int open = Integer.parseInt(heading.group(1));
        assertTrue(open > 300, "open alerts: " + open);
        assertEquals(200, Pattern.compile("<li class=\"alert-item\"").matcher(panel).results().count());
        assertTrue(panel.contains("These are the 200 most pressing of " + open + " alerts: filter the accounts above"
                + " to see the others."), panel);
        // the first few come with a link that says how many it will show
        given().get("/csm?scope=all").then().statusCode(200)
                .body(containsString("Show the 200 most pressing of " + open + " alerts"));
        // the most pressing: every open at-risk alert is among them (the panel lists that rule first)
        long atRisk = Long.parseLong(data.single(tenant,
                "select count(*) from alert where rule = 'at-risk' and status = 'open'"));
        assertTrue(atRisk < 200 && atRisk > 0, "at-risk alerts: " + atRisk);
        assertEquals(atRisk, Pattern.compile("<span class=\"rule rule-at-risk\"").matcher(panel).results().count());
    }
}
