package dev.bellwether.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The digest end to end: an admin chooses a daily digest on the settings page (real Keycloak sign-in,
 * Chromium), sends the due digests from the outbox page, and the digest arrives at a real SMTP
 * server with its sections; the outbox page then shows it sent.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = DigestMailServer.class, restrictToAnnotatedClass = true)
class DigestIT extends BrowserTest {

    private static final Page.GetByLabelOptions EXACT = new Page.GetByLabelOptions().setExact(true);

    @Test
    void anAdminChoosesADailyDigestAndItArrivesWithItsSections() throws Exception {
        loadSampleAs("ada");
        signIn("/settings/notifications", "ada", "demo");
        page.waitForURL(appUrl("/settings/notifications"));
        page.getByLabel("Daily", EXACT).check();
        page.getByLabel("At risk", EXACT).check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        assertThat(page.locator("main [role=status]")).hasText("Saved.");
        assertThat(page.getByLabel("Daily", EXACT)).isChecked();

        page.navigate(appUrl("/admin/outbox"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send due digests now")).click();
        assertThat(page.locator("main [role=status]")).containsText("Due digests are queued");

        assertTrue(DigestMailServer.server().waitForIncomingEmail(30_000, 1), "a digest within 30 s");
        List<MimeMessage> toAda = Arrays.stream(DigestMailServer.server().getReceivedMessages())
                .filter(m -> recipients(m).contains("ada@acme.example")).toList();
        assertEquals(1, toAda.size());
        assertTrue(toAda.get(0).getSubject().startsWith("Your Bellwether digest, "), toAda.get(0).getSubject());
        String text = text(toAda.get(0));
        assertTrue(text.contains("\nNew alerts ("), text);
        assertTrue(text.contains("• At risk — Åkesson Studios Inc. (ACC-00019): Health 38.5 is in the at-risk band"),
                text);
        assertTrue(text.contains("\nAccounts that changed band ("), text);
        assertTrue(text.contains("• Lighthouse Capital LLC (ACC-00057): Needs attention → At risk"), text);

        page.navigate(appUrl("/admin/outbox?status=sent"));
        assertThat(page.getByRole(AriaRole.TABLE)).containsText("ada@acme.example");
        screenshot("outbox-digest-sent");
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            return Arrays.stream(message.getAllRecipients()).map(Object::toString).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(MimeMessage message) throws MessagingException, IOException {
        Object content = message.getContent();
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.getContentType().toLowerCase().startsWith("text/plain")) {
                    return ((String) part.getContent()).replace("\r\n", "\n");
                }
            }
        }
        return String.valueOf(content).replace("\r\n", "\n");
    }
}
