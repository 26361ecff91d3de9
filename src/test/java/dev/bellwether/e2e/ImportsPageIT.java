package dev.bellwether.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import dev.bellwether.testing.ImportClient;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** An admin imports through the page in a real browser: the sample zip, then a file with problems. */
@QuarkusIntegrationTest
class ImportsPageIT extends BrowserTest {

    @Test
    void adminUploadsTheSampleThenSeesExactlyWhatIsWrongWithABadFile() throws IOException {
        signIn("/admin/imports", "gus", "demo");
        page.waitForURL(appUrl("/admin/imports"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Data imports"))).isVisible();
        // the live panel polls only while an upload is in flight
        java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
        page.onRequest(request -> {
            if (request.url().contains("/admin/imports/live")) {
                polls.incrementAndGet();
            }
        });
        page.waitForTimeout(3_000);
        org.junit.jupiter.api.Assertions.assertEquals(0, polls.get(), "polls of an idle imports page");

        page.getByLabel("Drop files here, or choose them").setInputFiles(ImportClient.SAMPLE.resolve("all.zip"));
        assertThat(page.getByLabel("Chosen files")).containsText("all.zip");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import")).click();
        Locator result = page.locator("#import-result");
        Locator.GetByRoleOptions level3 = new Locator.GetByRoleOptions().setLevel(3);
        assertThat(result.getByRole(AriaRole.HEADING, level3)).hasText("Imported");
        assertThat(result).containsText("8,062");
        // the button, disabled during the upload, lost the focus: the outcome's heading takes it
        assertThat(result.getByRole(AriaRole.HEADING, level3)).isFocused();
        // the outcome, then the recalculation's end, are said in the status region that stays in the page (the
        // sample may be in the tenant already, from another test of the suite: then nothing changed, and it says so)
        Locator state = page.getByRole(AriaRole.STATUS).and(page.locator("#upload-state"));
        if (result.getByText("Nothing changed").count() > 0) {
            assertThat(state).hasText("Imported: nothing changed.");
        } else {
            assertThat(state).hasText("Metrics recalculated.");
            assertThat(result).containsText("Metrics recalculated.");
        }
        assertThat(page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Imports, newest first")))
                .containsText("usage.csv");
        screenshot("imports-applied");

        Path bad = Files.createTempDirectory("it").resolve("mrr.csv");
        Files.writeString(bad,
                "account_id,month,mrr\nACC-00001,2026-01,10\nACC-00002,2026-01,10\nACC-00001,2026-01,12\n");
        Locator fileField = page.getByLabel("Drop files here, or choose them");
        fileField.setInputFiles(bad);
        // a CSV over the limit per file is not sent at all: said at once, beside the field (the limit lowered here
        // to the file's size less one byte, as a 200 MB file is no fixture)
        java.util.concurrent.atomic.AtomicInteger uploads = new java.util.concurrent.atomic.AtomicInteger();
        page.onRequest(request -> {
            if (request.method().equals("POST") && request.url().endsWith("/admin/imports")) {
                uploads.incrementAndGet();
            }
        });
        page.locator("#upload-form").evaluate("(f, n) => { f.dataset.maxBytes = n; f.dataset.maxSize = n + ' bytes'; }",
                String.valueOf(Files.size(bad) - 1));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import")).click();
        assertThat(state).containsText("Not sent: mrr.csv is 1 KB, over the " + (Files.size(bad) - 1)
                + " bytes a file may be.");
        assertThat(fileField).hasAttribute("aria-invalid", "true");
        assertThat(fileField).isFocused();
        org.junit.jupiter.api.Assertions.assertEquals(0, uploads.get(), "uploads sent over the limit");
        // nothing was sent, so nothing is on its way: no progress bar, the result not busy (both stayed on)
        org.junit.jupiter.api.Assertions.assertEquals(false, page.evaluate(
                "() => document.documentElement.classList.contains('htmx-busy')"), "the progress bar");
        assertThat(result).not().hasAttribute("aria-busy", "true");
        page.locator("#upload-form").evaluate("(f, n) => { f.dataset.maxBytes = n; }", "209715200");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import")).click();
        assertThat(result.getByRole(AriaRole.HEADING, level3)).hasText("Nothing was imported: 1 problem to fix");
        org.junit.jupiter.api.Assertions.assertEquals(1, uploads.get(), "the upload within the limit");
        assertThat(fileField).not().hasAttribute("aria-invalid", "true");
        assertThat(result.locator(".problem-group")).containsText("Same (account_id, month) as line 2");
        assertThat(state).isEmpty();
        // its heading has the focus, and is read out; the groups are not one long alert
        assertThat(result.getByRole(AriaRole.HEADING, level3)).isFocused();
        assertThat(result.locator("[role=alert]")).hasCount(0);
        result.getByText("Every problem, line by line").click();
        Locator problems = result.getByRole(AriaRole.TABLE);
        assertThat(problems).containsText("Same (account_id, month) as line 2");
        assertThat(problems.getByRole(AriaRole.CELL, new Locator.GetByRoleOptions().setName("4").setExact(true)))
                .isVisible();
        screenshot("imports-rejected");
    }
}
