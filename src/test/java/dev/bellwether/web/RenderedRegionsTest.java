package dev.bellwether.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.bellwether.security.CsrfToken;
import dev.bellwether.testing.PageClient;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.RestAssured;
import io.restassured.config.DecoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Regions of pages rendered once and reused (RenderedRegions, CsmRegions, AccountRegions): a reused
 * region never outlives the data it shows, never shows one viewer what another may do, and carries
 * nothing of the session; and pages go out as UTF-8 of the right length (HtmlBodyWriter). On the
 * contract's sample: 33 open alerts, 3 of the accounts at risk.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RenderedRegionsTest {

    static final String TENANT = "regions-sample";

    /** The token of the first test's session, which the second's must not see. */
    private static String firstToken;

    private static final Pattern ALERT_FORM = Pattern.compile("hx-post=\"/csm/alerts/(\\d+)\\?scope=all\"");

    @Inject
    TestTenants testTenants;

    @Inject
    Recalculations recalculations;

    @BeforeEach
    void createTheTenant() {
        testTenants.ensure(TENANT);
    }

    @Test
    @Order(1)
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void anAdminSeesTheSelectionBoxesAndTheAlertFormsOfTheSharedRegions() {
        recalculations.loadSample(TENANT);
        String first = page("/csm?scope=all");
        String again = page("/csm?scope=all");
        assertEquals(withoutTokens(region(first, "<section id=\"alerts\"")),
                withoutTokens(region(again, "<section id=\"alerts\"")),
                "the panel is the same text the second time, but for the token masked afresh for each answer");
        assertNotEquals(tokens(region(first, "<section id=\"alerts\"")).get(0),
                tokens(region(again, "<section id=\"alerts\"")).get(0), "masked afresh");
        assertTrue(first.contains("data-select-all"), "an admin selects rows");
        assertTrue(ALERT_FORM.matcher(first).find(), "and acts on alerts");
        firstToken = given().get("/csm?scope=all").then().extract().cookie("bw-csrf");
        assertEquals(List.of(firstToken), sessionTokens(region(first, "<section id=\"alerts\"")),
                "each alert form carries the viewer's token, for a post without htmx");
    }

    /** Another session of the same viewer gets the same kept region, with its own token in every form. */
    @Test
    @Order(2)
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "sid", value = "another-session") })
    void anotherSessionGetsTheKeptRegionWithItsOwnToken() {
        recalculations.loadSample(TENANT);
        String page = page("/csm?scope=all");
        String token = given().get("/csm?scope=all").then().extract().cookie("bw-csrf");
        assertNotEquals(firstToken, token, "two sessions, two tokens");
        assertEquals(List.of(token), sessionTokens(region(page, "<section id=\"alerts\"")));
    }

    @Test
    @Order(3)
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void anExecutiveRightAfterThemGetsTheReadOnlyRegions() {
        recalculations.loadSample(TENANT);
        String page = page("/csm?scope=all");
        assertFalse(page.contains("data-select-all"), "no selection for an executive");
        assertFalse(ALERT_FORM.matcher(page).find(), "no alert form for an executive");
        assertTrue(page.contains("Open alerts <span class=\"muted\">(33)</span>"), "the same alerts, read only");
    }

    @Test
    @Order(4)
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void anAcknowledgedAlertLeavesTheReusedPanelAtOnce() {
        recalculations.loadSample(TENANT);
        String atRisk = "/csm?scope=all&band=at_risk"; // the 10 alerts of the 3 at-risk accounts: all shown
        String before = page(atRisk);
        Matcher form = Pattern.compile("hx-post=\"/csm/alerts/(\\d+)\\?scope=all&amp;band=at_risk\"")
                .matcher(region(before, "<section id=\"alerts\""));
        assertTrue(form.find(), "an open alert to act on");
        String id = form.group(1);
        assertTrue(item(page(atRisk), id).contains("status-alert-open\">open</span>"), "open, and now reused");

        PageClient.htmx(atRisk).contentType(ContentType.URLENC).formParam("action", "acknowledge")
                .post("/csm/alerts/" + id + "?scope=all&band=at_risk").then().statusCode(200);

        assertTrue(item(page(atRisk), id).contains("status-alert-acknowledged\">acknowledged</span>"),
                "the page read after the action shows it acknowledged");

        // resolved by someone else meanwhile: said as done, as on the account page, and the page reloads
        PageClient.htmx(atRisk).contentType(ContentType.URLENC).formParam("action", "resolve")
                .post("/csm/alerts/" + id + "?scope=all&band=at_risk").then().statusCode(200);
        PageClient.htmx(atRisk).contentType(ContentType.URLENC).formParam("action", "resolve")
                .post("/csm/alerts/" + id + "?scope=all&band=at_risk").then().statusCode(200)
                .header("HX-Trigger", org.hamcrest.Matchers.containsString("alertsChanged"))
                .body(org.hamcrest.Matchers.containsString("<p class=\"flash\">That alert was already resolved.</p>"))
                // read out from the region that stays: one put in with the panel is seldom read
                .body(org.hamcrest.Matchers.containsString("<span hidden hx-swap-oob=\"innerHTML:#alerts-status\">That"
                        + " alert was already resolved.</span>"));
        // so is a snooze of it, though its form lost the date: the news is that it is resolved, not the date
        PageClient.htmx(atRisk).contentType(ContentType.URLENC).formParam("action", "snooze").formParam("until", "")
                .post("/csm/alerts/" + id + "?scope=all&band=at_risk").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("That alert was already resolved."));
    }

    @Test
    @Order(5)
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void aPageGoesOutAsUtf8OfItsOwnLength() {
        recalculations.loadSample(TENANT);
        // no content decoders: no Accept-Encoding, so the page comes uncompressed, as the writer wrote it
        Response answer = given().config(RestAssured.config().decoderConfig(DecoderConfig.decoderConfig()
                .noContentDecoders())).get("/csm?scope=all");
        byte[] body = answer.asByteArray();
        assertEquals("text/html;charset=UTF-8", answer.contentType());
        assertEquals(Integer.toString(body.length), answer.header("content-length"));
        String text = new String(body, StandardCharsets.UTF_8);
        assertTrue(text.contains("↓ and ↑ move through the accounts"), "arrows outside Latin-1, intact");
        assertTrue(text.contains("Act…"), "an ellipsis, intact");
    }

    /**
     * Posted without htmx (before it loaded, or without JavaScript), an alert form of the kept panel is
     * answered with the page: 422 saying what to fix, or 303 back to the same list saying what was done.
     * Last: acting changes the data's version, and the tests before it read the regions kept at one version.
     */
    @Test
    @Order(6)
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void anAlertFormPostedWithoutHtmxAnswersTheWholePage() {
        recalculations.loadSample(TENANT);
        String atRisk = "/csm?scope=all&band=at_risk";
        Matcher form = Pattern.compile("action=\"/csm/alerts/(\\d+)\\?scope=all&amp;band=at_risk\"")
                .matcher(region(page(atRisk), "<section id=\"alerts\""));
        assertTrue(form.find(), "an open alert to act on");
        String url = "/csm/alerts/" + form.group(1) + "?scope=all&band=at_risk";
        String refused = PageClient.form(atRisk).formParam("action", "snooze").formParam("note", "Called the sponsor")
                .post(url).then().statusCode(422).extract().asString();
        // the refused form as it was sent, its note above all (htmx would have kept it; here the page is new)
        assertTrue(item(refused, form.group(1)).contains("<option value=\"snooze\" selected>"), refused);
        assertTrue(item(refused, form.group(1)).contains("maxlength=\"4000\" value=\"Called the sponsor\">"), refused);
        assertEquals(1, refused.split("value=\"Called the sponsor\"", -1).length - 1, "in that alert's form alone");
        // marked refused, that form alone: a panel reloaded before it is sent again keeps what it holds (app.js)
        assertEquals(1, refused.split(" data-refused>", -1).length - 1, refused);
        assertTrue(item(refused, form.group(1)).contains(" data-refused>"), refused);
        assertTrue(refused.contains("<a class=\"skip-link\" href=\"#main\">"), "the whole page");
        assertTrue(refused.contains("<p id=\"alerts-error\" class=\"form-error\" role=\"alert\">Choose the date the"
                + " snooze lasts until."),
                refused);
        assertTrue(refused.contains("3 accounts match"), "the same list");

        PageClient.form(atRisk).formParam("action", "acknowledge").post(url).then().statusCode(303)
                .header("Location", endsWith("/csm?scope=all&band=at_risk&done=acknowledged#alerts"));
        String after = page(atRisk + "&done=acknowledged");
        assertTrue(after.contains("<p class=\"flash\">Alert acknowledged.</p>"), "said");
        assertTrue(item(after, form.group(1)).contains("status-alert-acknowledged\">acknowledged</span>"));

        // from "Show all" (its link followed without JavaScript), back to all of them, saying what was done
        PageClient.form(atRisk).formParam("action", "acknowledge").post(url + "&all=true").then().statusCode(303)
                .header("Location", endsWith("/csm/alerts?scope=all&band=at_risk&all=true&done=acknowledged#alerts"));
        given().get("/csm/alerts?scope=all&band=at_risk&all=true&done=acknowledged").then().statusCode(200)
                .body(containsString("<p class=\"flash\">Alert acknowledged.</p>"))
                .body(containsString("<input type=\"hidden\" name=\"all\" value=\"true\">"));

        // from the list's second page, sorted: back to that page and that order (the page was dropped)
        String second = "/csm?scope=all&sort=-mrr&page=2";
        Matcher paged = Pattern.compile("action=\"/csm/alerts/(\\d+)\\?scope=all&amp;sort=-mrr&amp;page=2\"")
                .matcher(region(page(second), "<section id=\"alerts\""));
        assertTrue(paged.find(), "the forms carry the page and the sort");
        PageClient.form(second).formParam("action", "resolve")
                .post("/csm/alerts/" + paged.group(1) + "?scope=all&sort=-mrr&page=2").then().statusCode(303)
                .header("Location", endsWith("/csm?scope=all&sort=-mrr&page=2&done=resolved#alerts"));
    }

    /** Same tenant, same URL, no e-mail either: only the role tells the two apart, and it must. */
    /** The CSRF tokens the forms of {@code html} carry, each once, as sent (masked). */
    private static List<String> tokens(String html) {
        return Pattern.compile("name=\"csrf-token\" value=\"([^\"]*)\"").matcher(html).results().map(m -> m.group(1))
                .distinct().toList();
    }

    /** The session tokens behind the forms of {@code html}, each once. */
    private static List<String> sessionTokens(String html) {
        return tokens(html).stream().map(CsrfToken::unmask).distinct().toList();
    }

    private static String withoutTokens(String html) {
        return html.replaceAll("name=\"csrf-token\" value=\"[^\"]*\"", "name=\"csrf-token\" value=\"\"");
    }

    private static String page(String url) {
        return given().get(url).then().statusCode(200).extract().asString();
    }

    /** Alert {@code id}'s item in the page's alerts panel. */
    private static String item(String page, String id) {
        String panel = region(page, "<section id=\"alerts\"");
        int from = panel.indexOf("id=\"alert-" + id + "\"");
        assertTrue(from >= 0, "the panel lists alert " + id);
        return panel.substring(from, panel.indexOf("</li>", from));
    }

    /** The element that starts with {@code start}, up to its closing tag. */
    private static String region(String page, String start) {
        int from = page.indexOf(start);
        assertTrue(from >= 0, "the page has " + start);
        return page.substring(from, page.indexOf("</section>", from));
    }
}
