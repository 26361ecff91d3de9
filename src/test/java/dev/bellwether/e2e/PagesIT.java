package dev.bellwether.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The three faces in a real browser, signed in through the real Keycloak, on the contract's
 * sample loaded into acme: each role's home, a filter applied by htmx and kept in the URL, an
 * alert acknowledged, and numbers on the pages equal to the API's.
 */
@QuarkusIntegrationTest
class PagesIT extends BrowserTest {

    /** Once per class, after Quarkus has pointed REST Assured at the app under test. */
    @BeforeEach
    void loadTheSampleIntoAcme() throws InterruptedException {
        loadSampleAs("ada");
    }

    /** The API as ada, with a fresh token (they last minutes). */
    static io.restassured.specification.RequestSpecification api() {
        return given().auth().oauth2(KeycloakApiIT.passwordGrantToken("ada"));
    }

    @Test
    void executiveLandsOnTheDashboardWhoseTilesAreTheApis() {
        signIn("/", "eve", "demo");
        page.waitForURL(appUrl("/executive"));
        double nrr = api().get("/api/v1/metrics").then().statusCode(200).extract()
                .jsonPath().getDouble("nrr");
        assertEquals(96.80, nrr, 0.05, "expected.json");
        assertThat(page.getByTestId("tile-nrr")).hasText(String.format(Locale.ROOT, "%.1f %%", nrr));
        page.getByText("How is this calculated?").first().click();
        assertThat(page.locator("details.how[open]").first())
                .containsText("(Starting + Expansion − Churned − Contraction) / Starting × 100");
        // printing draws the charts the reader has not scrolled to (they printed as empty boxes), and leaves the
        // top bar's controls out
        page.emulateMedia(new Page.EmulateMediaOptions().setMedia(com.microsoft.playwright.options.Media.PRINT));
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))");
        page.waitForFunction("() => [...document.querySelectorAll('[data-chart]')].every(e => e.dataset.drawn)");
        assertThat(page.locator("nav.mainnav")).isHidden();
        page.emulateMedia(new Page.EmulateMediaOptions().setMedia(com.microsoft.playwright.options.Media.SCREEN));
        assertThat(page.locator("nav.mainnav")).isVisible();
        drawEveryChart();
        assertTrue(((Number) page.evaluate("() => document.querySelectorAll('[data-drawn]').length"))
                .intValue() >= 9, "every chart drawn");
        screenshot("executive-1280");
        page.setViewportSize(390, 844);
        page.waitForTimeout(300);
        assertEquals(390, ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue(),
                "nothing wider than the phone's screen");
        screenshot("executive-390");

        // new figures reload the dashboard as the person left it: breakdown and cohort view included
        page.setViewportSize(1280, 900);
        page.navigate(appUrl("/executive?by=industry&cohorts=nps"));
        page.waitForResponse(response -> response.url().contains("/executive?by=industry&cohorts=nps")
                && "true".equals(response.request().headers().get("hx-request")),
                () -> page.evaluate("() => htmx.trigger(document.body, 'recalculated')"));
        assertThat(page.locator("#breakdown-panel a[aria-current=true]")).hasText("Industry");
        assertThat(page.locator("#cohort-panel a[aria-current=true]")).hasText("NPS");

        // Back after two month changes: the whole page of that month, its picker showing it, charts live
        page.navigate(appUrl("/executive"));
        @SuppressWarnings("unchecked")
        java.util.List<String> months = (java.util.List<String>) page.evaluate(
                "() => [...document.querySelectorAll('#month option')].filter(o => !o.selected).map(o => o.value)");
        assertTrue(months.size() >= 2, "months to choose from: " + months);
        String earlier = months.get(0);
        String earliest = months.get(1);
        page.evaluate("() => { document.getElementById('month').dataset.before = 'yes'; }");
        page.locator("#month").selectOption(earlier);
        page.waitForURL(url -> url.contains("month=" + earlier));
        // the next choice goes to the picker of that month's page, once it is swapped in and settled
        page.waitForFunction("() => !document.getElementById('month').dataset.before"
                + " && !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')");
        page.locator("#month").selectOption(earliest);
        page.waitForURL(url -> url.contains("month=" + earliest));
        page.goBack();
        page.waitForURL(url -> url.contains("month=" + earlier));
        assertThat(page.locator("#month")).hasValue(earlier);
        assertThat(page.locator("header nav").first()).isVisible();
        page.keyboard().press("Control+k");
        assertThat(page.getByRole(AriaRole.DIALOG)).isVisible();
        page.keyboard().press("Escape");

        // a background poll that fails is no failure of the person's: no banner (an ended session would be)
        page.route("**/freshness*", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                .setStatus(503)));
        page.waitForResponse(response -> response.url().contains("/freshness") && response.status() == 503,
                () -> page.evaluate("() => htmx.ajax('GET',"
                        + " document.querySelector('#freshness').getAttribute('hx-get'),"
                        + " {source: '#freshness', target: '#freshness', swap: 'outerHTML'})"));
        page.waitForTimeout(300);
        assertEquals(0, page.locator("#request-failed").count(), "no banner for the badge's own poll");
        page.unrouteAll();

        // but a poll that finds the organisation refused (suspended since the page opened) says why, as the server
        // names it (web/ErrorMapper; SuspendedTenantPageTest), for nothing else would work either
        page.route("**/freshness*", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                .setStatus(403).setHeaders(java.util.Map.of("Bellwether-Refusal",
                        "Your organisation's access to Bellwether is suspended."))));
        page.evaluate("() => htmx.ajax('GET', document.querySelector('#freshness').getAttribute('hx-get'),"
                + " {source: '#freshness', target: '#freshness', swap: 'outerHTML'})");
        assertThat(page.locator("#request-failed p")).hasText("Your organisation's access to Bellwether is suspended."
                + " Copy anything you typed, then reload the page.");
        page.unrouteAll();
    }

    @Test
    void csmFiltersWithHtmxAndTheUrlKeepsTheView() {
        signIn("/", "cam", "demo");
        page.waitForURL(appUrl("/csm"));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("All accounts")).click();
        page.getByLabel("At risk", new Page.GetByLabelOptions().setExact(true)).check();
        page.waitForURL(Pattern.compile(".*band=at_risk.*"));
        Locator badges = page.locator("#account-list tbody .health");
        assertThat(badges.first()).isVisible();
        for (int i = 0; i < badges.count(); i++) {
            assertThat(badges.nth(i)).hasClass(Pattern.compile(".*band-at_risk.*"));
        }
        String name = page.locator("#account-list tbody th a").first().textContent();
        String term = name.split(" ")[0];
        page.getByLabel("Search by name or id").fill(term);
        String encoded = java.net.URLEncoder.encode(term, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        page.waitForURL(url -> url.contains("q=" + encoded) && url.contains("band=at_risk"));
        assertThat(page.locator("#account-list tbody th a").first()).containsText(term);
        String bookmarked = page.url();
        screenshot("csm-filtered");
        page.navigate(bookmarked);
        assertThat(page.getByLabel("At risk", new Page.GetByLabelOptions().setExact(true))).isChecked();
        assertThat(page.getByLabel("Search by name or id")).hasValue(term);
    }

    @Test
    void csmAcknowledgesAnAlertAndTheApiAgrees() {
        signIn("/csm?scope=all", "cam", "demo");
        Locator first = page.locator("#alerts .alert-item").first();
        String action = first.locator("form").getAttribute("action");
        String id = action.substring(action.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        first.getByLabel(Pattern.compile("Act on .*")).selectOption("acknowledge");
        first.getByLabel(Pattern.compile("Note for .*")).fill("Called the sponsor");
        first.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Apply")).click();
        assertThat(page.locator("#alerts .flash")).containsText("Acknowledged");
        String status = api().get("/api/v1/alerts?status=all").then().statusCode(200)
                .extract().jsonPath().getString("find { it.id == " + id + " }.status");
        assertEquals("acknowledged", status);
        screenshot("csm-alert-acknowledged");
    }

    @Test
    void aRequestThatFailsSaysSoAndAnEmptyPageReloadsWhenFiguresArrive() {
        signIn("/csm?scope=all", "cam", "demo");
        // the session ended while the page was open: the server answers htmx with 499 (security/HtmxRequests)
        page.route("**/csm/alerts/*", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                .setStatus(499).setHeaders(java.util.Map.of("WWW-Authenticate", "OIDC"))));
        Locator first = page.locator("#alerts .alert-item").first();
        first.getByLabel(Pattern.compile("Act on .*")).selectOption("acknowledge");
        first.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Apply")).click();
        Locator banner = page.getByRole(AriaRole.ALERT).filter(new Locator.FilterOptions().setHasText("session"));
        assertThat(banner).containsText("Your session has ended, so this was not done.");
        assertThat(banner.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sign in again")))
                .isVisible();
        screenshot("request-failed-1280");
        page.unrouteAll();

        // a panel standing in for the page until the first figures (tags/emptyState) makes the page load again
        page.evaluate("""
                () => { window.beforeReload = true;
                        const panel = document.createElement('section');
                        panel.dataset.reloadOn = 'recalculated';
                        document.getElementById('main').prepend(panel);
                        htmx.trigger(document.body, 'recalculated'); }""");
        page.waitForFunction("() => window.beforeReload === undefined && document.readyState === 'complete'");
        assertThat(page.locator("header.topbar")).isVisible();
        assertThat(page.locator("#alerts .alert-item").first()).isVisible();

        // noticed by the freshness badge's poll, not by anything the person did: no "this" was refused
        page.route("**/freshness**", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                .setStatus(499).setHeaders(java.util.Map.of("WWW-Authenticate", "OIDC"))));
        page.evaluate("() => { const badge = document.getElementById('freshness');"
                + " htmx.ajax('GET', badge.getAttribute('hx-get'),"
                + " { source: badge, target: badge, swap: 'outerHTML' }); }");
        Locator ended = page.getByRole(AriaRole.ALERT).filter(new Locator.FilterOptions().setHasText("session"));
        assertThat(ended).hasText(Pattern.compile("^Your session has ended\\. Copy anything you typed, then sign in"
                + " again\\..*"));
        page.unrouteAll();
    }

    @Test
    void accountPageShowsTheApisHealthAndExplainsIt() {
        signIn("/accounts/ACC-00001", "cam", "demo");
        double health = api().get("/api/v1/accounts/ACC-00001").then().statusCode(200)
                .extract().jsonPath().getDouble("health");
        assertThat(page.getByTestId("account-health").locator(".score"))
                .hasText(String.format(Locale.ROOT, "%.1f", health));
        assertThat(page.getByTestId("measures")).containsText("Seat utilization");
        drawEveryChart();
        assertTrue(((Number) page.evaluate("() => document.querySelectorAll('[data-drawn]').length"))
                .intValue() >= 3, "every chart drawn");
        // amounts in the organisation's currency on the MRR chart's axis, as beside it ("$1.25K"; they read "1.3K")
        java.util.List<String> axis = page.locator("[data-chart*='\"unit\":\"money\"'] svg text").allTextContents();
        assertTrue(axis.stream().anyMatch(label -> label.matches("(\\$|€|£|¥|[A-Z]{3}[\\s\\u00a0]?)\\d[\\d.,]*[KMB]?")),
                axis.toString());
        screenshot("account-1280");
        // a recalculation ended since: the page says newer figures exist, once, and a reload brings them
        assertThat(page.locator("#figures-newer")).isEmpty();
        // at an address with a #fragment (a form's answer): the link reloads, not only scrolls there
        page.evaluate("() => { location.hash = 'override'; }");
        page.evaluate("() => { htmx.trigger(document.body, 'recalculated');"
                + " htmx.trigger(document.body, 'recalculated'); }");
        assertThat(page.locator("#figures-newer")).hasText("Newer figures have been calculated since this page was"
                + " opened. Reload the page to see them.");
        assertThat(page.locator("#figures-newer p")).hasCount(1);
        assertThat(page.locator("#figures-newer a")).hasAttribute("href", "/accounts/ACC-00001");
        page.locator("#figures-newer").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions()
                .setName("Reload the page")).click();
        page.waitForLoadState(LoadState.DOMCONTENTLOADED);
        assertThat(page.locator("#figures-newer")).isEmpty();
    }

    @Test
    void adminLandsOnAdministrationAndCanSetATarget() {
        signIn("/", "ada", "demo");
        page.waitForURL(appUrl("/admin"));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("^Targets"))).click();
        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Net revenue retention"))
                .fill("105");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save targets")).click();
        assertThat(page.locator("p.flash")).hasText("Saved 1 target.");
        page.navigate(appUrl("/executive"));
        assertThat(page.locator("article.tile").first()).containsText("Target ≥ 105");
        assertTrue(page.locator("article.tile").first().textContent().contains("Net revenue retention"));
    }
    /**
     * A second click on a plain form's button while its first request is on its way (held here, as a slow link
     * would) sends nothing: one key is made, and its secret is the one shown.
     */
    @Test
    void aCreateClickedTwiceMakesOneIngestKey() {
        signIn("/admin/integrations", "ada", "demo");
        String name = "Clicked twice " + System.nanoTime();
        java.util.List<com.microsoft.playwright.Route> held = new java.util.ArrayList<>();
        page.route("**/admin/integrations/keys", held::add);
        java.util.concurrent.atomic.AtomicInteger posts = new java.util.concurrent.atomic.AtomicInteger();
        page.onRequest(request -> {
            if ("POST".equals(request.method()) && request.url().endsWith("/admin/integrations/keys")) {
                posts.incrementAndGet();
            }
        });
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
        Locator create = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key"));
        com.microsoft.playwright.options.BoundingBox box = create.boundingBox();
        for (int click = 0; click < 2; click++) { // the mouse itself: Playwright's click would wait for the page
            page.mouse().click(box.x + box.width / 2, box.y + box.height / 2);
            page.waitForTimeout(300);
        }
        assertEquals(1, posts.get(), "the form was sent once");
        page.unroute("**/admin/integrations/keys");
        held.forEach(com.microsoft.playwright.Route::resume);
        assertThat(page.getByTestId("new-key")).containsText(name);
        assertThat(page.getByTestId("ingest-keys").locator("tr", new Locator.LocatorOptions().setHasText(name)))
                .hasCount(1);
        // the secret is copied whole by its button (a double click would stop at a "-"), and the copy is said
        page.context().grantPermissions(java.util.List.of("clipboard-read", "clipboard-write"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copy secret")).click();
        assertThat(page.locator("#new-key-secret-status")).hasText("Copied.");
        assertEquals(page.getByTestId("new-key-secret").textContent(),
                page.evaluate("() => navigator.clipboard.readText()"));
        // on a phone the keys are cards: the revoke action is on screen, nothing scrolls sideways
        page.setViewportSize(390, 844);
        assertEquals(Boolean.FALSE, page.evaluate("() => document.documentElement.scrollWidth > innerWidth"));
        screenshot("integrations-new-key-390");
    }

    /**
     * A digit typed while the alert rules' preview is on its way (held here, as a slow link would) is still in
     * the field when the preview arrives, and the next preview counts with it.
     */
    @Test
    void aDigitTypedDuringTheRulesPreviewIsKept() {
        signIn("/admin/alerts", "ada", "demo");
        java.util.List<com.microsoft.playwright.Route> held = new java.util.ArrayList<>();
        page.route("**/admin/alerts/preview", held::add);
        java.util.List<String> posted = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.onRequest(request -> {
            if (request.url().endsWith("/admin/alerts/preview")) {
                posted.add(request.postData());
            }
        });
        Locator threshold = page.locator("#t-no-contact");
        threshold.fill("4");
        page.waitForCondition(() -> !held.isEmpty());
        threshold.press("End");
        threshold.pressSequentially("5");
        page.unroute("**/admin/alerts/preview");
        held.forEach(com.microsoft.playwright.Route::resume);
        page.waitForTimeout(1500); // the preview of "4", then the one of "45"
        assertThat(threshold).hasValue(Pattern.compile("45(\\.0)?"));
        assertTrue(posted.get(posted.size() - 1).contains("a.no-contact.threshold=45"),
                "the last preview counted with 45: " + posted);
        assertThat(page.getByTestId("firing-no-contact")).containsText(Pattern.compile("\\d+ accounts?"));
    }

    /** The pages break none of their own Content-Security-Policy: not htmx, not a chart's tooltip. */
    @Test
    void theExecutivePageAndItsTooltipsKeepThePolicy() {
        java.util.List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                refused.add(message.text());
            }
        });
        signIn("/executive", "eve", "demo");
        drawEveryChart();
        Locator charts = page.locator("[data-drawn]");
        for (int i = 0; i < charts.count(); i++) {
            if (charts.nth(i).isVisible()) {
                charts.nth(i).scrollIntoViewIfNeeded();
                charts.nth(i).hover();
                page.waitForTimeout(200);
            }
        }
        assertEquals(java.util.List.of(), refused, "what the policy refused");
    }
}
