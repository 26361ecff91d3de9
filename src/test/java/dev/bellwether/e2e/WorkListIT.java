package dev.bellwether.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The CSM page as a work list in a real browser, signed in through the real Keycloak, on the
 * contract's sample in acme: a saved view reloads its filters, a bulk acknowledge on three accounts, a bulk
 * task on three accounts that shows in My tasks,
 * the quick jump, the compact alerts panel's height, and the phone's stacked cards (screenshots at
 * 1280 and 390 px under target/screenshots).
 */
@QuarkusIntegrationTest
class WorkListIT extends BrowserTest {

    @BeforeEach
    void loadTheSampleIntoAcme() throws InterruptedException {
        loadSampleAs("ada");
    }

    static io.restassured.specification.RequestSpecification api() {
        return given().auth().oauth2(KeycloakApiIT.passwordGrantToken("ada"));
    }

    private Locator exact(String label) {
        return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }

    @Test
    void aSavedViewReloadsItsFilters() {
        signIn("/csm?scope=all", "cam", "demo");
        exact("At risk").check();
        page.waitForURL(Pattern.compile(".*band=at_risk.*"));
        exact("Needs attention").check();
        page.waitForURL(url -> url.contains("band=needs_attention") && url.contains("band=at_risk"));
        assertThat(page.locator("#account-list .list-count")).containsText("19 accounts match");
        // read out from the page's status region, which the list's swap fills and leaves in place
        assertThat(page.locator("#list-status")).hasText("19 accounts match");
        page.getByText("Saved views").first().click();
        page.getByLabel("Save these filters as").fill("Worst first");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save view")).click();
        assertThat(page.locator("#saved-views .flash")).containsText("Saved “Worst first”.");
        assertThat(page.locator("#views-status")).hasText("Saved “Worst first”.");
        // Escape folds the menu, which lies over the filters, and gives the keyboard back to what opened it; the
        // focus comes back into the swapped region at htmx's settle, a moment after the flash is in: waited for
        // (read at once, it was now and then still on the body)
        page.waitForFunction("() => document.activeElement && document.activeElement !== document.body");
        String focused = (String) page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)");
        page.keyboard().press("Escape");
        assertEquals(false, page.evaluate("() => document.querySelector('#saved-views details.menu').open"),
                "focus was on " + focused);
        assertThat(page.locator("#saved-views details.menu > summary")).isFocused();

        page.navigate(appUrl("/csm?scope=all"));
        assertThat(exact("At risk")).not().isChecked();
        page.getByText("Saved views").first().click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Worst first")).click();
        page.waitForURL(Pattern.compile(".*band=needs_attention&band=at_risk.*"));
        assertThat(exact("At risk")).isChecked();
        assertThat(exact("Needs attention")).isChecked();
        assertThat(exact("Healthy")).not().isChecked();
        assertThat(page.locator("#account-list .list-count")).containsText("19 accounts match");
        screenshot("worklist-saved-view-1280");

        // deleted from the keyboard: its button is gone with it, so what the menu says takes the focus (it was left
        // on the page's body, the next Tab starting again from the top)
        page.getByText("Saved views").first().click();
        page.locator("#saved-views li", new Page.LocatorOptions().setHasText("Worst first")).getByText("Delete…")
                .click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete Worst first")).focus();
        page.keyboard().press("Enter");
        assertThat(page.locator("#saved-views .flash")).hasText("Deleted “Worst first”.");
        assertThat(page.locator("#saved-views .flash")).isFocused();
    }

    /**
     * Next on the list's last page but one brings a page without Next: the keyboard stays at the list (the accounts
     * table takes the focus), rather than starting again from the top of the page.
     */
    @Test
    void theKeyboardStaysAtTheListWhenThePageLeavesNoNextLink() {
        signIn("/csm?scope=all", "cam", "demo");
        java.util.regex.Matcher of = Pattern.compile("Page 1 of (\\d+)")
                .matcher(page.locator("#account-list .pager").innerText());
        assertTrue(of.find(), "the sample's 60 accounts take more than one page");
        int last = Integer.parseInt(of.group(1));
        page.navigate(appUrl("/csm?scope=all&page=" + (last - 1)));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Next ›")).focus();
        page.keyboard().press("Enter");
        assertThat(page.locator("#account-list .pager")).containsText("Page " + last + " of " + last);
        assertThat(page.locator("#accounts-table")).isFocused();
    }

    @Test
    void bulkAcknowledgeOnThreeAccounts() {
        signIn("/csm?scope=all&band=at_risk", "cam", "demo");
        assertThat(page.locator("#account-list tbody tr")).hasCount(3);
        page.getByLabel("Select every account on this page").check();
        assertThat(page.locator("[data-selected-count]")).hasText("3");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Acknowledge their alerts")).click();
        assertThat(page.locator("#bulk-result"))
                .containsText(Pattern.compile("Acknowledged \\d+ alerts? on 3 accounts\\."));
        screenshot("worklist-bulk-1280");
        List<String> statuses = api().get("/api/v1/alerts").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.accountId in ['ACC-00019', 'ACC-00024', 'ACC-00057'] }.status");
        assertEquals(10, statuses.size(), "expected.json: ten alerts on the three at-risk accounts");
        assertTrue(statuses.stream().noneMatch("open"::equals), "none of them is open any more: " + statuses);
    }

    @Test
    void aBulkTaskOnThreeAccountsShowsInMyTasks() {
        String title = "Check in after the outage " + java.util.UUID.randomUUID().toString().substring(0, 6);
        String due = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(3).toString();
        signIn("/csm?scope=all&band=at_risk", "cam", "demo");
        assertThat(page.locator("#account-list tbody tr")).hasCount(3);
        page.getByLabel("Select every account on this page").check();
        assertThat(page.locator("[data-selected-count]")).hasText("3");
        exact("Task title").fill(title);
        page.locator("#bulk-task-due").fill(due);
        page.locator("#bulk-task-for").selectOption("me");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create a task")).click();
        assertThat(page.locator("#bulk-result")).containsText("Created 3 tasks on 3 accounts.");
        Locator mine = page.locator("#my-tasks .task-item").filter(new Locator.FilterOptions().setHasText(title));
        assertThat(mine).hasCount(3);
        screenshot("worklist-bulk-task-1280");
        List<String> accounts = api().get("/api/v1/tasks?assignee=cam@acme.example").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.title == '" + title + "' }.accountId");
        assertEquals(List.of("ACC-00019", "ACC-00024", "ACC-00057"), accounts.stream().sorted().toList());

        // what is half typed in "My tasks" survives its reload after the next bulk task (the answer puts a loader in
        // its place, which fetches the panel anew: the typing is carried over to it)
        Locator assignee = mine.first().locator("input[name=assigneeEmail]");
        String assigneeId = assignee.getAttribute("id");
        mine.first().locator("summary").click();
        assignee.fill("half@typed.example");
        String second = "Second round " + java.util.UUID.randomUUID().toString().substring(0, 6);
        page.getByLabel("Select every account on this page").check();
        exact("Task title").fill(second); // the bar was cleared once its tasks were made
        page.locator("#bulk-task-due").fill(due);
        page.locator("#bulk-task-for").selectOption("me");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create a task")).click();
        assertThat(page.locator("#my-tasks .task-item").filter(new Locator.FilterOptions().setHasText(second)))
                .hasCount(3);
        assertThat(page.locator("#" + assigneeId)).hasValue("half@typed.example");
        assertThat(page.locator("#" + assigneeId)).isVisible();

        page.setViewportSize(390, 844);
        page.reload();
        page.getByLabel("Select every account on this page").check();
        assertEquals(390, ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue(),
                "the bulk bar fits the phone's screen");
        screenshot("worklist-bulk-bar-390");
    }

    /**
     * New figures reload the list, and what the CSM had ticked and typed there stays; a sort chosen by its column
     * survives the next filter; on a phone the saved-views menu opens inside the screen.
     */
    @Test
    void workInProgressSurvivesNewFiguresAndTheSortSurvivesAFilter() {
        signIn("/csm?scope=all&band=at_risk", "cam", "demo");
        assertThat(page.locator("#account-list tbody tr")).hasCount(3);
        page.getByLabel("Select every account on this page").check();
        exact("Task title").fill("Half typed");
        page.evaluate("() => { document.getElementById('account-list').dataset.before = 'true';"
                + " document.body.dispatchEvent(new Event('recalculated')); }");
        page.waitForFunction("() => !document.querySelector('#account-list[data-before]')");
        assertThat(page.locator("#account-list input[data-select]:checked")).hasCount(3);
        assertThat(page.locator("[data-selected-count]")).hasText("3");
        assertThat(exact("Task title")).hasValue("Half typed");
        // a refused task is to be fixed, not retyped: new figures after the refusal keep what was sent
        String tooLong = "x".repeat(201);
        exact("Task title").fill(tooLong);
        page.locator("#bulk-task-due").fill(java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(3).toString());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create a task")).click();
        assertThat(page.locator("#bulk-result")).containsText("at most 200 characters; nothing was changed.");
        page.evaluate("() => { document.getElementById('account-list').dataset.before = 'true';"
                + " document.body.dispatchEvent(new Event('recalculated')); }");
        page.waitForFunction("() => !document.querySelector('#account-list[data-before]')");
        assertThat(exact("Task title")).hasValue(tooLong);

        page.locator("#accounts-table thead").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("MRR"))
                .click();
        page.waitForURL(Pattern.compile(".*sort=-mrr.*"));
        exact("Needs attention").check();
        page.waitForURL(url -> url.contains("band=needs_attention") && url.contains("sort=-mrr"));
        assertThat(page.locator("#accounts-table caption")).containsText("MRR");
        // filters the person applied are sent, not unsent: "Clear the filters" clears them in the form too
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Clear the filters")).click();
        page.waitForURL(url -> !url.contains("band="));
        assertThat(exact("Needs attention")).not().isChecked();
        assertThat(exact("At risk")).not().isChecked();

        page.setViewportSize(390, 844);
        page.reload();
        page.getByText("Saved views").first().click();
        Locator menu = page.locator("#saved-views .menu-body");
        assertThat(menu).isVisible();
        double left = ((Number) menu.evaluate("m => m.getBoundingClientRect().left")).doubleValue();
        double right = ((Number) menu.evaluate("m => m.getBoundingClientRect().right")).doubleValue();
        assertTrue(left >= 0 && right <= 390, "the menu lies inside the screen: " + left + " to " + right);
        assertEquals(390, ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue(),
                "nothing wider than the phone's screen with the menu open");
        screenshot("worklist-saved-views-390");
    }

    /**
     * A timeline filter clicked while a note is half written keeps the note, its form still open; once logged, the
     * focus is on the page's confirmation.
     */
    @Test
    void aTimelineFilterKeepsTheNoteBeingWritten() {
        signIn("/accounts/ACC-00001", "cam", "demo");
        page.getByText("Log a note or an activity").click();
        exact("What happened").fill("Spoke to Dana about the renewal");
        page.locator("#timeline .kind-filter a").last().click();
        assertThat(page.locator("#timeline .kind-filter a").last()).hasAttribute("aria-current", "true");
        assertThat(exact("What happened")).isVisible();
        assertThat(exact("What happened")).hasValue("Spoke to Dana about the renewal");

        // logged: the form folds away, and the keyboard is on what the page says rather than back at its top
        page.locator("#note-date").fill(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log it")).click();
        assertThat(page.locator("#timeline p.flash")).isVisible();
        assertThat(page.locator("#timeline p.flash")).isFocused();
    }

    @Test
    void quickJumpFindsAnAccountFromAnyPage() {
        signIn("/csm", "cam", "demo");
        page.keyboard().press("Control+k");
        Locator dialog = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Jump to an account"));
        assertThat(dialog).isVisible();
        assertThat(page.getByLabel("Account name or id")).isFocused();
        page.keyboard().type("evergreen cap");
        Locator hit = dialog.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions()
                .setName(Pattern.compile("Evergreen Capital")));
        assertThat(hit).isVisible();
        screenshot("worklist-quick-jump-1280");
        page.keyboard().press("ArrowDown");
        assertThat(hit).isFocused();
        page.keyboard().press("Enter");
        page.waitForURL(appUrl("/accounts/ACC-00003"));
        page.keyboard().press("Control+k");
        assertThat(dialog).isVisible();
        page.keyboard().press("Escape");
        assertThat(dialog).isHidden();
    }

    /**
     * Enter in the field opens the first account found for what the field holds when Enter is pressed: typed
     * faster than the answer (it is asked 150 ms after the last key), it waits for that answer instead of opening
     * the first hit of the earlier text; an Enter that confirms an input method's composition opens nothing.
     */
    @Test
    void enterInTheQuickJumpOpensWhatWasTypedNotAnEarlierHit() {
        signIn("/csm", "cam", "demo");
        page.keyboard().press("Control+k");
        Locator dialog = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Jump to an account"));
        page.keyboard().type("evergreen");
        assertThat(dialog.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions()
                .setName(Pattern.compile("Evergreen Capital")))).isVisible();
        page.keyboard().press("Control+a");
        page.keyboard().type("redwood ins");
        page.keyboard().press("Enter");
        page.waitForURL(appUrl("/accounts/ACC-00004"));

        // ↓ pressed before the answer came moves to the first hit of what was typed, once found, not to a hit of the
        // earlier text (which the answer would swap away from under the keyboard)
        page.keyboard().press("Control+k");
        page.keyboard().type("evergreen");
        assertThat(dialog.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions()
                .setName(Pattern.compile("Evergreen Capital")))).isVisible();
        page.keyboard().press("Control+a");
        page.keyboard().type("redwood capital ltd");
        page.keyboard().press("ArrowDown");
        assertThat(dialog.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions()
                .setName(Pattern.compile("Redwood Capital Ltd")))).isFocused();
        page.keyboard().press("Enter");
        page.waitForURL(appUrl("/accounts/ACC-00012"));

        page.keyboard().press("Control+k");
        page.keyboard().type("pancake");
        assertThat(dialog.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions()
                .setName(Pattern.compile("Pancake House")))).isVisible();
        Object taken = page.evaluate("() => { const e = new KeyboardEvent('keydown', {key: 'Enter', isComposing: true,"
                + " bubbles: true, cancelable: true}); document.getElementById('jump-q').dispatchEvent(e);"
                + " return e.defaultPrevented; }");
        assertEquals(Boolean.FALSE, taken, "an Enter that ends a composition is the input method's");
        assertThat(dialog).isVisible();
        page.keyboard().press("Enter");
        page.waitForURL(appUrl("/accounts/ACC-00006"));
    }

    /**
     * The CSM page with the sample at 390 px, folded as it opens: under the 6,189 px the issue measured (7,225 px
     * before the folds; 5,184 px measured with them on 2026-11-30). The 25 cards are most of it (about 170 px each).
     */
    static final int PHONE_HEIGHT_BOUND = 5_400;

    @Test
    void theAlertsPanelIsCompactAndThePhoneGetsCards() {
        signIn("/csm?scope=all", "ada", "demo");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show the alerts"))).isHidden();
        assertThat(exact("Segment")).isVisible();
        System.out.printf("WorkListIT heights at 1280 px: /csm?scope=all %d px as it opens (10 alerts, 25 rows)%n",
                ((Number) page.evaluate("() => document.documentElement.scrollHeight")).intValue());
        screenshot("worklist-1280");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("Show all \\d+ alerts")))
                .click();
        page.waitForFunction("() => document.querySelectorAll('#alerts .alert-item').length > 10");
        int alerts = ((Number) page.evaluate("() => document.querySelectorAll('#alerts .alert-item').length"))
                .intValue();
        int panel = height("#alerts");
        Locator first = page.locator("#alerts .alert-item").first();
        int collapsed = height("#alerts .alert-item");
        first.getByLabel(Pattern.compile("Act on .*")).selectOption("snooze");
        assertThat(first.getByLabel("Until")).isVisible();
        int opened = height("#alerts .alert-item");
        first.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Apply")).click();
        assertThat(page.locator("#alerts .form-error")).containsText("Choose the date the snooze lasts until.");
        int pageHeight = ((Number) page.evaluate("() => document.documentElement.scrollHeight")).intValue();
        System.out.printf("WorkListIT heights at 1280 px: page %d px with %d alerts; panel %d px; one alert %d px"
                + " collapsed, %d px with its inputs open%n", pageHeight, alerts, panel, collapsed, opened);
        screenshot("worklist-all-alerts-1280");
        assertTrue(collapsed * 4 < opened * 3, "the inputs take room only when chosen: " + collapsed + "/" + opened);
        assertTrue(panel < alerts * 170, "about three short lines per alert, was " + panel / alerts);

        page.setViewportSize(390, 844);
        page.navigate(appUrl("/csm?scope=all&band=at_risk&band=needs_attention"));
        assertEquals(390, ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue(),
                "nothing wider than the phone's screen");
        Locator card = page.locator("#account-list tbody tr").first();
        assertThat(card).isVisible();
        assertThat(card.locator("td[data-label=MRR]")).isVisible();
        assertThat(card.locator("td[data-label=Renewal]")).isVisible();
        assertThat(card.locator("td[data-label=Alerts]")).isVisible();
        assertThat(card.locator(".health")).isVisible();
        assertTrue(((Number) page.evaluate("() => document.querySelector('#account-list tbody tr')"
                + ".getBoundingClientRect().right")).intValue() <= 390, "a card fits the screen");
        screenshot("worklist-cards-390");
        page.navigate(appUrl("/csm?scope=all"));
        page.waitForLoadState(LoadState.NETWORKIDLE);
        int phone = ((Number) page.evaluate("() => document.documentElement.scrollHeight")).intValue();
        System.out.printf("WorkListIT heights at 390 px: /csm?scope=all %d px as it opens (alerts folded, 25 cards)%n",
                phone);
        screenshot("worklist-390");
        // the issue measured 6,189 px, and 7,225 px once tasks and bulk actions came: the phone's page folds
        assertTrue(phone < PHONE_HEIGHT_BOUND, "the CSM page at 390 px is " + phone + " px tall");
        Locator showAlerts = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show the alerts"));
        assertThat(page.locator("#alerts-heading")).containsText(Pattern.compile("\\(\\d+\\)"));
        assertThat(page.locator("#alerts .alert-item").first()).isHidden();
        assertThat(exact("Segment")).isHidden();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("More filters")).click();
        assertThat(exact("Segment")).isVisible();
        showAlerts.click();
        assertThat(page.locator("#alerts .alert-item").first()).isVisible();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Hide the alerts")))
                .hasAttribute("aria-expanded", "true");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("Show all \\d+ alerts")))
                .click();
        page.waitForFunction("() => document.querySelectorAll('#alerts .alert-item').length > 10");
        assertThat(page.locator("#alerts .alert-item").nth(12)).isVisible();
        System.out.printf("WorkListIT heights at 390 px: page %d px with all alerts%n",
                ((Number) page.evaluate("() => document.documentElement.scrollHeight")).intValue());
        screenshot("worklist-all-alerts-390");
    }

    private int height(String selector) {
        return ((Number) page.evaluate("s => Math.round(document.querySelector(s).getBoundingClientRect().height)",
                selector)).intValue();
    }

    /**
     * Without JavaScript (as on a slow link before the scripts have loaded), an alert's form posts as a plain
     * form: it carries the CSRF token itself (the kept panel gets each viewer's own), and a snooze without its
     * date answers the whole page saying what to fix, not a 403 or a bare fragment. On a phone every panel of
     * the page shows whole, since folding is the script's.
     */
    @Test
    void anAlertFormPostsWithoutJavaScript() {
        reopenContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setJavaScriptEnabled(false));
        signIn("/csm?scope=all", "cam", "demo");
        Locator form = page.locator("#alerts form.alert-actions").first();
        form.locator("select.alert-action").selectOption("snooze");
        assertTrue(form.locator("input[type=date]").isVisible(), "the date shows once Snooze is chosen, by CSS");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Apply")).click();
        page.waitForLoadState(LoadState.DOMCONTENTLOADED);
        assertThat(page.locator("#alerts [role=alert]")).containsText("Choose the date the snooze lasts until.");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("All accounts")))
                .isVisible();
        page.setViewportSize(390, 844);
        assertTrue(page.locator("#alerts .alert-list").isVisible(), "the alerts show whole without the script");
        assertTrue(page.locator("#filters").getByLabel("At risk").isVisible(), "and so do the filters");
        screenshot("worklist-no-script-390");
    }

    /**
     * A search typed in the list's box is one entry of the browser's history, whatever the pauses and the Tab that
     * follow it: each answer pushed one (the same address again after Tab), and Back seemed to do nothing.
     */
    @Test
    void aSearchIsOneEntryOfTheHistory() {
        signIn("/csm?scope=all", "cam", "demo");
        int before = ((Number) page.evaluate("() => history.length")).intValue();
        Locator box = page.locator("#q");
        box.pressSequentially("li");
        page.waitForURL(url -> url.contains("q=li"));
        box.pressSequentially("ght");
        page.waitForURL(url -> url.contains("q=light"));
        // leaving the box sends the same search again (its change): answered, and no new entry
        page.waitForResponse(response -> response.url().contains("q=light"), () -> page.keyboard().press("Tab"));
        page.waitForLoadState(LoadState.NETWORKIDLE);
        assertEquals(before + 1, ((Number) page.evaluate("() => history.length")).intValue(), "one entry");
        page.goBack();
        page.waitForURL(url -> !url.contains("q="));
        assertThat(box).hasValue("");
        // but the pages of one search are entries of their own, as any list's (Back from page 3 went to page 1)
        page.navigate(appUrl("/csm?scope=all&q=acc"));
        int start = ((Number) page.evaluate("() => history.length")).intValue();
        for (int next = 2; next <= 3; next++) {
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Next ›")).click();
            final String pageNumber = "page=" + next;
            page.waitForURL(url -> url.contains(pageNumber));
        }
        assertEquals(start + 2, ((Number) page.evaluate("() => history.length")).intValue(), "a page, an entry");
        page.goBack();
        page.waitForURL(url -> url.contains("page=2"));
    }

    /**
     * The freshness badge's poll ending while the list's own request is on its way leaves the list busy: the poll's
     * end (told on the badge's parent, the badge having replaced itself) took the bar and the list's aria-busy away,
     * showing the old list undimmed as if it answered the sort just chosen.
     */
    @Test
    void theBadgesPollLeavesTheListBusyWhileItsOwnRequestIsOnItsWay() {
        signIn("/csm?scope=all", "cam", "demo");
        // the list's request held back 3 s in the page, as on a slow link
        page.evaluate("""
                () => { const open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
                        XMLHttpRequest.prototype.open = function (method, url) {
                          this.heldUrl = String(url); return open.apply(this, arguments); };
                        XMLHttpRequest.prototype.send = function (body) {
                          if (this.heldUrl.includes('sort=-mrr')) { setTimeout(() => send.call(this, body), 3000); }
                          else { send.call(this, body); } }; }""");
        page.locator("#accounts-table thead").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("MRR"))
                .click();
        assertThat(page.locator("#account-list")).hasAttribute("aria-busy", "true");
        page.evaluate("() => { const badge = document.getElementById('freshness'); badge.dataset.old = 'yes';"
                + " htmx.ajax('GET', badge.getAttribute('hx-get'),"
                + " { source: badge, target: badge, swap: 'outerHTML' }); }");
        page.waitForFunction("() => document.getElementById('freshness') && !document.getElementById('freshness')"
                + ".dataset.old");
        assertThat(page.locator("#account-list")).hasAttribute("aria-busy", "true");
        assertEquals(true, page.evaluate("() => document.documentElement.classList.contains('htmx-busy')"),
                "the progress bar stays while the list is on its way");
        // and once the list has come, nothing is busy
        page.waitForURL(url -> url.contains("sort=-mrr"));
        assertThat(page.locator("#account-list")).not().hasAttribute("aria-busy", "true");
        // (a panel the new list brings may load at once: the bar goes once that is in too)
        page.waitForFunction("() => !document.documentElement.classList.contains('htmx-busy')");
    }

    /**
     * On a phone, an alert's form posted as a plain form (before the scripts had loaded, on a slow link) and refused
     * comes back with the alerts panel open and the keyboard on the field at fault: the page's script folded the
     * panel as it loaded, hiding the refusal's form, so a CSM could take the snooze for done.
     */
    @Test
    void aPlainFormsRefusalOpensItsFoldedPanelOnAPhone() {
        reopenContext(new Browser.NewContextOptions().setViewportSize(390, 844));
        signIn("/csm?scope=all", "cam", "demo");
        Locator form = page.locator("#alerts form.alert-actions").first();
        String id = form.locator("select.alert-action").getAttribute("id").substring("action-".length());
        // submit() sends the form as the browser would before htmx has bound it: no htmx request
        form.evaluate("f => { f.querySelector('select.alert-action').value = 'snooze'; f.submit(); }");
        page.waitForLoadState(LoadState.DOMCONTENTLOADED);
        assertThat(page.locator("#alerts [role=alert]")).containsText("Choose the date the snooze lasts until.");
        Locator until = page.locator("#until-" + id);
        assertThat(until).isVisible();
        assertThat(until).isFocused();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Hide the alerts")))
                .hasAttribute("aria-expanded", "true");
        screenshot("worklist-refused-alert-390");
    }

    /**
     * A snooze refused for want of its date keeps what the form held: the action chosen and the note typed at
     * length come back with the panel saying what to fix.
     */
    @Test
    void aRefusedAlertActionKeepsItsNote() {
        signIn("/csm?scope=all", "cam", "demo");
        Locator form = page.locator("#alerts form.alert-actions").first();
        String action = form.getAttribute("hx-post");
        form.locator("select.alert-action").selectOption("snooze");
        form.locator("input[name=note]").fill("Called the sponsor; waiting for the renewal decision");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Apply")).click();
        assertThat(page.locator("#alerts [role=alert]")).containsText("Choose the date the snooze lasts until.");
        Locator again = page.locator("#alerts form.alert-actions[hx-post='" + action + "']");
        assertThat(again.locator("input[name=note]")).hasValue("Called the sponsor; waiting for the renewal decision");
        assertThat(again.locator("select.alert-action")).hasValue("snooze");

        // new figures reload the panel before the date is chosen: what the refused form held stays, to be fixed
        page.evaluate("() => { document.getElementById('alerts').dataset.before = 'true';"
                + " htmx.trigger(document.body, 'recalculated'); }");
        page.waitForFunction("() => document.getElementById('alerts')"
                + " && !document.querySelector('#alerts[data-before]')");
        again = page.locator("#alerts form.alert-actions[hx-post='" + action + "']");
        assertThat(again.locator("input[name=note]")).hasValue("Called the sponsor; waiting for the renewal decision");
        assertThat(again.locator("select.alert-action")).hasValue("snooze");
    }
}
