package dev.bellwether.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * An admin tunes the health model in a real browser: a wrong total is flagged as they type, the
 * what-if preview changes with the weights, saving makes version 1, and the change is in the audit
 * log and on the account's health-history chart.
 */
@QuarkusIntegrationTest
class HealthModelEditorIT extends BrowserTest {

    @BeforeEach
    void loadTheSampleIntoGlobex() throws InterruptedException {
        loadSampleAs("gus");
    }

    @Test
    void adminEditsWeightsSeesThePreviewChangeSavesAndFindsTheVersionEverywhere() {
        signIn("/admin/health-model", "gus", "demo");
        Locator preview = page.locator("#preview");
        assertThat(preview.getByTestId("preview-changed")).hasText("0 accounts change band");
        String healthyBefore = preview.getByTestId("draft-healthy").textContent();

        page.getByLabel("Usage", new Page.GetByLabelOptions().setExact(true)).fill("10");
        assertThat(page.locator("#sum-default")).containsText("Total 70.0 % (must be 100)");
        assertThat(preview.getByTestId("model-problems"))
                .containsText("Component weights: the weights sum to 70; they must sum to 100");
        // the fields it is about are marked, and tied to it
        assertThat(page.getByLabel("Usage", new Page.GetByLabelOptions().setExact(true)))
                .hasAttribute("aria-invalid", "true");
        assertThat(page.getByLabel("Usage", new Page.GetByLabelOptions().setExact(true)))
                .hasAccessibleDescription("Component weights: the weights sum to 70; they must sum to 100");

        // out of the field's range: the server's preview says so (the browser's own check would drop the request)
        page.getByLabel("Usage", new Page.GetByLabelOptions().setExact(true)).fill("120");
        assertThat(preview.getByTestId("model-problems")).containsText("Usage weight must lie between 0 and 100");
        page.getByLabel("Usage", new Page.GetByLabelOptions().setExact(true)).fill("10");
        page.getByLabel("Outcomes", new Page.GetByLabelOptions().setExact(true)).fill("50");
        assertThat(page.locator("#sum-default")).containsText("Total 100.0 % ✓");
        // a draft without problems leaves no field marked
        assertThat(page.getByLabel("Usage", new Page.GetByLabelOptions().setExact(true)))
                .not().hasAttribute("aria-invalid", "true");
        assertThat(preview.getByTestId("preview-changed")).not().hasText("0 accounts change band");
        assertTrue(preview.getByTestId("preview-changed").textContent().matches("\\d+ accounts? changes? band"));
        assertNotEquals(healthyBefore, preview.getByTestId("draft-healthy").textContent(),
                "the draft's healthy count moved");
        // in a sentence too, into the status region that stays in place (a region swapped in is seldom read out)
        assertThat(page.locator("#preview-status")).containsText("The draft: "
                + preview.getByTestId("draft-healthy").textContent() + " healthy, ");
        assertThat(page.locator("#sum-default")).hasAttribute("aria-live", "polite");
        screenshot("health-model-preview");

        page.getByLabel("What changed and why (kept with the version)").fill("Outcomes weigh most");
        // Enter in a field of this valid draft does not save it (saving recalculates, opens alerts, sends e-mail):
        // the button below still offers version 1, and saving makes version 1, not 2
        java.util.concurrent.atomic.AtomicInteger saves = new java.util.concurrent.atomic.AtomicInteger();
        page.onRequest(request -> {
            if ("POST".equals(request.method()) && request.url().matches(".*/admin/health-model(\\?.*)?$")) {
                saves.incrementAndGet();
            }
        });
        page.getByLabel("Outcomes", new Page.GetByLabelOptions().setExact(true)).press("Enter");
        page.waitForTimeout(1_000); // a form the Enter sent would be on its way by now
        assertEquals(0, saves.get(), "Enter sent no save");
        assertThat(page.locator("p.flash")).hasCount(0);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as version 1")).click();
        page.waitForURL(Pattern.compile(".*/admin/health-model\\?saved=1"));
        assertThat(page.locator("p.flash")).containsText("Saved as version 1");
        assertThat(page.getByRole(AriaRole.TABLE).last()).containsText("Outcomes weigh most");

        page.navigate(appUrl("/admin/audit"));
        Locator entry = page.getByTestId("audit-events").locator("li").first();
        assertThat(entry).containsText("Saved health model v1: Outcomes weigh most");
        assertThat(entry).containsText("weights.outcomes");
        screenshot("audit-log");

        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        do {
            page.navigate(appUrl("/accounts/ACC-00001"));
        } while (!page.content().contains("Health model v1") && Instant.now().isBefore(deadline));
        assertThat(page.getByText("Health model v1.", new Page.GetByTextOptions().setExact(false))).isVisible();
        String chart = page.locator("[data-chart*='\"history\"']").getAttribute("data-chart");
        assertTrue(chart.contains("model v1"), "the version is marked on the health history: " + chart);
        drawEveryChart();
        screenshot("account-after-model-change");
    }

    @Test
    void aFormOfMoreFieldsThanTheServerReadsSaysSoInsteadOfAGenericError() {
        signIn("/admin/health-model", "gus", "demo");
        // a segment's weights are sent only while it uses its own, so hundreds of segments fit in a form
        java.util.List<String> posted = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.onRequest(request -> {
            if ("POST".equals(request.method()) && request.url().endsWith("/admin/health-model/preview")) {
                posted.add(request.postData());
            }
        });
        Locator smbUsage = page.getByLabel("Usage weight for SMB");
        assertThat(smbUsage).isDisabled();
        page.locator("details.segment summary", new Page.LocatorOptions().setHasText("SMB")).click();
        page.getByLabel("SMB uses its own weights").check();
        assertThat(smbUsage).isEnabled();
        smbUsage.fill("30");
        page.waitForCondition(() -> posted.stream().anyMatch(body -> body.contains("s.SMB.usage=30")));
        String last = posted.get(posted.size() - 1);
        assertTrue(last.contains("s.SMB.on=on"), last);
        assertTrue(!last.contains("s.Enterprise.") && !last.contains("s.Mid-Market."), last);
        page.getByLabel("SMB uses its own weights").uncheck();
        assertThat(smbUsage).isDisabled();
        smbUsage.scrollIntoViewIfNeeded();
        screenshot("health-model-segment-unticked");
        page.getByLabel("SMB uses its own weights").check();
        // the fields of 200 segments' own weights: more than the 1,000 a form here may hold
        page.evaluate("""
                () => {
                  const form = document.getElementById('model-form');
                  for (let i = 0; i < 1000; i++) {
                    const field = document.createElement('input');
                    field.type = 'hidden';
                    field.name = 's.Segment ' + Math.floor(i / 5) + '.' + i;
                    field.value = '25';
                    form.appendChild(field);
                  }
                }""");
        page.getByLabel("Usage", new Page.GetByLabelOptions().setExact(true)).fill("30");
        assertThat(page.locator("#request-failed")).containsText(
                "The form has too many fields: a form here holds at most 1000 fields. Nothing was changed.");
    }
}
