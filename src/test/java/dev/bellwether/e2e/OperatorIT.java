package dev.bellwether.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import dev.bellwether.testing.RealKeycloak;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The platform operator's path through the real Keycloak: otto signs in, lands on {@code /operator},
 * creates a tenant (its organization appears in Keycloak), suspends it, and deletes it after typing
 * its id (its organization is gone). Needs the Keycloak implementation of {@code IdentityDirectory}.
 */
@QuarkusIntegrationTest
class OperatorIT extends BrowserTest {

    private static GreenMail mail;

    /** Keycloak sends the first admin's invitation here. */
    @BeforeAll
    static void startMailServer() {
        mail = new GreenMail(new ServerSetup(RealKeycloak.SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    @AfterAll
    static void stopMailServer() {
        mail.stop();
    }

    @Test
    void ottoCreatesSuspendsAndDeletesATenant() {
        String id = "it-" + UUID.randomUUID().toString().substring(0, 8);
        signIn("/", "otto", "demo");
        page.waitForURL(appUrl("/operator"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Tenants").setLevel(1)))
                .isVisible();

        page.getByLabel("Id", new Page.GetByLabelOptions().setExact(true)).fill(id);
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("IT Company");
        page.getByLabel("First admin's email").fill("admin-" + id + "@it.example");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create tenant")).click();
        assertThat(page.locator("p.flash")).containsText("Tenant " + id + " is created");
        Locator row = page.locator("tr[data-tenant='" + id + "']");
        assertThat(row).containsText("IT Company");
        assertThat(row).containsText("active");
        assertEquals(List.of(id), organizations(id), "the organization in Keycloak");
        assertTrue(mail.waitForIncomingEmail(30_000, 1), "the first admin's invitation");
        assertEquals("admin-" + id + "@it.example",
                Arrays.stream(mail.getReceivedMessages()).map(OperatorIT::recipient).filter(r -> r.contains(id))
                        .findFirst().orElse(""));
        screenshot("operator-created");

        // the first admin's link went to spam: otto sends it again, and invites a second admin
        row.getByText("Admin…").click();
        row.getByLabel("Admin's email").fill("admin-" + id + "@it.example");
        screenshot("operator-admin-asks");
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Give " + id + " this admin")).click();
        assertThat(page.locator("p.flash")).containsText("The invitation of " + id + "'s admin is sent again");
        row = page.locator("tr[data-tenant='" + id + "']");
        row.getByText("Admin…").click();
        row.getByLabel("Admin's email").fill("second-" + id + "@it.example");
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Give " + id + " this admin")).click();
        assertThat(page.locator("p.flash")).containsText("An admin of " + id + " is invited");
        assertTrue(mail.waitForIncomingEmail(30_000, 3), "the invitation again, and the second admin's");
        assertEquals(List.of("admin-" + id + "@it.example", "admin-" + id + "@it.example",
                "second-" + id + "@it.example"), Arrays.stream(mail.getReceivedMessages()).map(OperatorIT::recipient)
                        .filter(r -> r.contains(id)).sorted().toList());
        row = page.locator("tr[data-tenant='" + id + "']");

        // suspending asks first, as deleting does (without the typing: it is undone by Resume)
        row.getByText("Suspend…").click();
        screenshot("operator-suspend-asks");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Suspend tenant " + id)).click();
        assertThat(page.locator("p.flash")).containsText("is suspended");
        assertThat(page.locator("tr[data-tenant='" + id + "']")).containsText("suspended");

        row = page.locator("tr[data-tenant='" + id + "']");
        row.getByText("Delete…").click();
        row.getByLabel("Type " + id + " to confirm").fill("not-" + id);
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete tenant " + id)).click();
        assertThat(page.locator("p.form-error")).containsText("the confirmation did not match");
        row = page.locator("tr[data-tenant='" + id + "']");
        row.getByLabel("Type " + id + " to confirm").fill(id);
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete tenant " + id)).click();
        assertThat(page.locator("p.flash")).containsText("Tenant " + id + " is deleted");
        assertThat(page.locator("tr[data-tenant='" + id + "']")).hasCount(0);
        assertEquals(List.of(), organizations(id), "the organization is gone from Keycloak");
        screenshot("operator-deleted");
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The aliases of the Keycloak organizations whose alias is {@code alias}, through the admin API. */
    static List<String> organizations(String alias) {
        String admin = given().formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "admin").formParam("password", "admin")
                .post(RealKeycloak.url() + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        // Keycloak's search matches an organization's name or domain, not its alias: list them and pick
        return given().auth().oauth2(admin).queryParam("max", 1000)
                .get(RealKeycloak.url() + "/admin/realms/bellwether/organizations")
                .then().statusCode(200).extract().path("findAll { it.alias == '" + alias + "' }.alias");
    }
}
