package dev.bellwether.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The faces' second pass in a real browser: weights typed freely and rebalanced, a draft that warns
 * before it is lost and keeps its summary in view on a phone, focus kept on the sort link after htmx
 * redraws the list, a snooze without a date answered as an error, and charts with their text.
 */
@QuarkusIntegrationTest
class FacesIT extends BrowserTest {

    @BeforeEach
    void loadTheSampleIntoAcme() throws InterruptedException {
        loadSampleAs("ada");
    }

    @Test
    void weightsAreTypedFreelyRebalancedAndADraftIsNotLostWithoutWarning() {
        signIn("/admin/health-model", "ada", "demo");
        Locator usage = page.getByLabel("Usage", new Page.GetByLabelOptions().setExact(true));
        usage.fill("50");
        assertThat(page.locator("#sum-default")).containsText("(must be 100)");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rebalance the others").setExact(true))
                .click();
        assertThat(page.locator("#sum-default")).containsText("Total 100.0 % ✓");
        assertThat(usage).hasValue("50");
        assertThat(page.locator("#preview").getByTestId("preview-changed")).isVisible();
        // a kept weight with a second decimal: the others fill what its shown value leaves (it was 100.1, refused)
        usage.fill("33.35");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rebalance the others").setExact(true))
                .click();
        assertThat(usage).hasValue("33.4");
        assertThat(page.locator("#sum-default")).containsText("Total 100.0 % ✓");
        // a total one decimal would show as 100.0 shows what it is
        usage.fill("33.36");
        assertThat(page.locator("#sum-default")).containsText("Total 99.96 % (must be 100)");
        usage.fill("50");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rebalance the others").setExact(true))
                .click();
        assertThat(page.locator("#sum-default")).containsText("Total 100.0 % ✓");

        page.setViewportSize(390, 844);
        usage.scrollIntoViewIfNeeded();
        Locator summary = page.locator("#editor-summary");
        assertThat(summary).isInViewport();
        assertThat(summary).containsText("Total 100.0 %");
        screenshot("health-model-rebalanced-390");

        AtomicReference<String> asked = new AtomicReference<>();
        page.onDialog(dialog -> {
            asked.set(dialog.type());
            dialog.accept();
        });
        page.navigate(appUrl("/admin"));
        assertEquals("beforeunload", asked.get(), "leaving an unsaved draft asks first");
    }

    @Test
    void sortingByKeyboardKeepsFocusOnTheSortLink() {
        signIn("/csm?scope=all", "cam", "demo");
        Locator sort = page.locator("#account-list thead th a").nth(1);
        String label = sort.textContent().trim();
        sort.focus();
        page.keyboard().press("Enter");
        page.waitForURL(Pattern.compile(".*sort=.*"));
        page.waitForFunction("() => !document.querySelector('[aria-busy=\"true\"]')");
        assertEquals(label, ((String) page.evaluate("() => document.activeElement.textContent")).trim(),
                "focus stays on the link that sorted");
        assertTrue((Boolean) page.evaluate("() => document.activeElement.closest('thead') !== null"));
    }

    @Test
    void aSnoozeWithoutADateIsAnsweredAsAnError() {
        signIn("/csm?scope=all", "cam", "demo");
        Locator first = page.locator("#alerts .alert-item").first();
        first.locator("select.alert-action").selectOption("snooze");
        first.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Apply")).click();
        Locator error = page.locator("#alerts .form-error");
        assertThat(error).isVisible();
        assertThat(error).hasAttribute("role", "alert");
        assertThat(error).containsText("date");
    }

    @Test
    void chartsCarryTheirSummaryAndTheWaterfallLabelsEveryMovement() {
        signIn("/executive", "eve", "demo");
        drawEveryChart();
        Locator waterfall = page.locator("[data-chart*='\"waterfall\"']");
        // named by its label, its summary the line under it (not both the summary: a screen reader read it twice)
        assertThat(waterfall).hasAttribute("aria-label", "MRR movements waterfall");
        assertThat(waterfall.locator("xpath=following-sibling::p[1]"))
                .hasText(Pattern.compile("^MRR went from \\$[0-9,]+ to .*"));
        // in the organisation's currency, as the chart's text beside it
        for (String movement : new String[] {"+$393", "+$43", "−$26", "−$4.7K"}) {
            assertThat(waterfall.locator("text", new Locator.LocatorOptions().setHasText(movement)).first())
                    .isVisible();
        }
        page.getByText("Show the numbers").first().click();
        assertThat(page.locator("details.chart-data[open] table").first()).containsText("Net change");
        screenshot("executive-charts-1280");

        // the heatmap's every cell in numbers (a keyboard has no hover), a year per table: none scrolls sideways on
        // a desktop, and on a phone each row is a card
        Locator cohorts = page.locator("#cohort-panel details.chart-data");
        cohorts.locator("summary").click();
        assertThat(cohorts.locator("caption").first()).containsText("Month 0 to Month 11");
        assertThat(cohorts.locator("caption").nth(1)).containsText("Month 12 to Month");
        String sideways = "() => [...document.querySelectorAll('#cohort-panel .table-scroll')]"
                + ".filter(b => b.scrollWidth > b.clientWidth + 1).length";
        assertEquals(0, ((Number) page.evaluate(sideways)).intValue(), "a cohort table scrolls sideways at 1280 px");
        cohorts.scrollIntoViewIfNeeded();
        screenshot("executive-cohort-numbers-1280");
        page.setViewportSize(390, 844);
        int wide = ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue();
        assertTrue(wide <= 390, "the page is " + wide + " px wide at 390 px");
        screenshot("executive-cohort-numbers-390");
    }
}
