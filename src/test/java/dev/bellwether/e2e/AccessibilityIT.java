package dev.bellwether.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.LoadState;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * axe-core on every page of every role, at 1280 and 390 px wide, in the light and the dark colour
 * scheme: no critical and no serious violation, and nothing wider than a 390 px phone. A screenshot of
 * each lands in target/screenshots for a person to look at.
 */
@QuarkusIntegrationTest
class AccessibilityIT extends BrowserTest {

    /** The pages each demo user can open on the sample (acme). */
    static final Map<String, List<String>> PAGES = Map.of(
            "eve", List.of("/executive", "/executive?month=2026-09"),
            "cam", List.of("/csm", "/csm?scope=all", "/accounts/ACC-00001", "/accounts/ACC-00002", "/tasks",
                    // the account page's panels as pages of their own (what a browser without JavaScript opens)
                    "/accounts/ACC-00001/workspace/timeline", "/accounts/ACC-00001/workspace/tasks",
                    // a playbook's steps as a CSM reads them, one of them a reference of one long word
                    "/admin/playbooks/long-name-it",
                    "/settings/notifications",
                    // an email's unsubscribe link (open to anyone); a made-up one: the page says it is not valid
                    "/unsubscribe/bm90.dmFsaWQ"),
            "ada", List.of("/admin", "/admin/imports", "/admin/health-model", "/admin/alerts", "/admin/targets",
                    "/admin/audit", "/admin/coverage", "/admin/team", "/admin/settings", "/admin/playbooks",
                    "/admin/outbox", "/admin/integrations"),
            "otto", List.of("/operator", "/operator/actions"));

    static final String AXE = axeSource();

    /** A playbook name of the length people write: the account page's "Run a playbook" choice lists it. */
    static final String LONG_PLAYBOOK = "Save an at-risk account before its renewal call: sponsor, usage review,"
            + " rescue plan and an executive QBR";

    /** A step of one long word (a quote's reference): it must wrap on a playbook's page, not widen a phone's. */
    static final String LONG_STEP = "Confirm_the_renewal_quote_QUO-2026-000123456789_with_procurement_and_legal";

    /** An account name of one long word (a name may have 512 characters): it must wrap, not widen a phone's page. */
    static final String LONG_ACCOUNT = "Telekommunikationsdienstleistungsunternehmensgesellschaft_Nordwest";

    /** The first sample account's row of accounts.csv, with its name as {@code name}. */
    static String firstAccount(String name) {
        return "account_id,name,segment,industry,plan,csm_email,customer_since,renewal_date,licensed_seats,"
                + "first_value_date\nACC-00001," + name + ",Enterprise,Media & Entertainment,Scale,"
                + "lars.nielsen@bellwether.example,2024-08-15,2027-08-15,33,2024-09-01\n";
    }

    @BeforeEach
    void loadTheSampleIntoAcme() throws InterruptedException {
        loadSampleAs("ada");
        io.restassured.RestAssured.given().auth().oauth2(KeycloakApiIT.passwordGrantToken("ada"))
                .contentType("application/json").body("{\"name\":\"" + LONG_PLAYBOOK + "\",\"trigger\":\"manual\","
                        + "\"steps\":[{\"title\":\"Call the sponsor\",\"dueInDays\":0},{\"title\":\"" + LONG_STEP
                        + "\",\"dueInDays\":3}]}")
                .put("/api/v1/playbooks/long-name-it").then().statusCode(200);
        renameTheFirstAccount(LONG_ACCOUNT);
    }

    /** The other suites see the sample's own name. */
    @AfterEach
    void nameTheFirstAccountBack() throws InterruptedException {
        renameTheFirstAccount("Åkesson Bikes K.K.");
    }

    private static void renameTheFirstAccount(String name) throws InterruptedException {
        String token = KeycloakApiIT.passwordGrantToken("ada");
        String id = dev.bellwether.testing.ImportClient.uploadBody(token, "accounts",
                firstAccount(name).getBytes(StandardCharsets.UTF_8)).then().statusCode(201)
                .extract().path("id");
        awaitRecalculation(token, id, "the renaming's recalculation");
    }

    @Test
    void noCriticalOrSeriousViolationOnAnyPageAtEitherWidthInEitherScheme() {
        List<String> problems = new ArrayList<>();
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            for (Map.Entry<String, List<String>> role : PAGES.entrySet()) {
                reopenContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setColorScheme(scheme)
                        .setBypassCSP(true));
                signIn(role.getValue().get(0), role.getKey(), "demo");
                for (String path : role.getValue()) {
                    for (int width : new int[] {1280, 390}) {
                        page.setViewportSize(width, width == 390 ? 844 : 900);
                        page.navigate(appUrl(path));
                        settle();
                        String where = path + " at " + width + " px, " + scheme.name().toLowerCase();
                        problems.addAll(axe(where));
                        if (path.equals("/accounts/ACC-00001")) {
                            assertEquals(1, page.locator("#run-playbook option", new Page.LocatorOptions()
                                    .setHasText(LONG_PLAYBOOK)).count(), "the long name is a choice on " + where);
                            assertEquals(LONG_ACCOUNT, page.locator("h1").innerText().strip(), where);
                        }
                        if (width == 390) {
                            int scrollWidth = ((Number) page.evaluate("() => document.documentElement.scrollWidth"))
                                    .intValue();
                            if (scrollWidth > 390) {
                                problems.add(where + ": the page is " + scrollWidth + " px wide");
                            }
                            problems.addAll(unnamedScrollers(where));
                        } else {
                            problems.addAll(sidewaysOnADesktop(where));
                        }
                        screenshot(("a11y" + path + "-" + width + "-" + scheme.name().toLowerCase())
                                .replaceAll("[^A-Za-z0-9-]+", "_"));
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * The quick jump on a phone: a hit whose name is one long word wraps in the dialog, which never scrolls
     * sideways.
     */
    @Test
    void theQuickJumpWrapsALongNameOnAPhone() {
        reopenContext(new Browser.NewContextOptions().setViewportSize(390, 844));
        signIn("/csm?scope=all", "cam", "demo");
        page.keyboard().press("Control+k");
        page.locator("dialog.quick-jump input[type=search]").fill("Telekom");
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator(".jump-list a").first())
                .containsText(LONG_ACCOUNT);
        assertEquals(0, ((Number) page.evaluate("() => { const d = document.querySelector('dialog.quick-jump');"
                + " return d.scrollWidth - d.clientWidth; }")).intValue(), "the dialog scrolls sideways");
        screenshot("quick-jump-long-name-390");
        // a phone has no Esc key: the dialog has a button that closes it
        page.locator("dialog.quick-jump [data-jump-close]").click();
        assertEquals(false, page.evaluate("() => document.getElementById('quick-jump').open"), "Close closes it");
    }

    /** On a desktop a table fits its card: one that still scrolls sideways there hides columns for no reason. */
    @SuppressWarnings("unchecked")
    private List<String> sidewaysOnADesktop(String where) {
        List<String> wide = (List<String>) page.evaluate("() => [...document.querySelectorAll('.table-scroll')]"
                + ".filter(box => box.scrollWidth > box.clientWidth + 1)"
                + ".map(box => (box.getAttribute('aria-label') || box.querySelector('table')?.className || '?')"
                + " + ' ' + box.scrollWidth + '/' + box.clientWidth)");
        return wide.stream().map(box -> where + ": a table scrolls sideways (" + box + ")").toList();
    }

    /**
     * The tables that scroll sideways become regions a screen reader lists: each must say what it holds, and
     * no two alike ("Surveys", "Tickets", not four times "Table").
     */
    @SuppressWarnings("unchecked")
    private List<String> unnamedScrollers(String where) {
        List<String> names = (List<String>) page.evaluate("() => [...document.querySelectorAll("
                + "'.table-scroll[role=region]')].map(box => box.getAttribute('aria-label'))");
        List<String> out = new ArrayList<>();
        if (names.contains("Table (scrolls sideways)") || names.stream().distinct().count() < names.size()) {
            out.add(where + ": scrolling tables named " + names);
        }
        return out;
    }

    /** Waits for the page and its charts (the charting library loads after the text). */
    private void settle() {
        page.waitForLoadState(LoadState.NETWORKIDLE);
        drawEveryChart();
    }

    /** The critical and serious violations on the page as "where: rule (impact) on N nodes: first target". */
    @SuppressWarnings("unchecked")
    private List<String> axe(String where) {
        page.addScriptTag(new Page.AddScriptTagOptions().setContent(AXE));
        List<Map<String, Object>> violations = (List<Map<String, Object>>) page.evaluate("""
                async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
                    .filter(v => v.impact === 'critical' || v.impact === 'serious')
                    .map(v => ({ id: v.id, impact: v.impact, count: v.nodes.length,
                                 first: v.nodes[0].target.join(' ') + ' ' + (v.nodes[0].failureSummary || '') }))
                """);
        List<String> out = new ArrayList<>();
        for (Map<String, Object> v : violations) {
            out.add(where + ": " + v.get("id") + " (" + v.get("impact") + ") on " + v.get("count") + " nodes: "
                    + v.get("first"));
        }
        return out;
    }

    /**
     * axe-core 4.10.3's axe.min.js (MPL-2.0, its licence beside it), kept in the test resources: the
     * Maven registry this project builds from has no axe-core webjar, and the suite must need nothing
     * but ./mvnw verify.
     */
    static String axeSource() {
        try (InputStream script = AccessibilityIT.class.getResourceAsStream("/axe/axe.min.js")) {
            assertTrue(script != null, "axe.min.js is in src/test/resources/axe");
            return new String(script.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
