package dev.bellwether.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The packaged app with the real Keycloak and the demo realm: each demo user signs in through
 * Keycloak's login page and lands on their home with their tenant, and can sign out.
 */
@QuarkusIntegrationTest
class SignInIT extends BrowserTest {

    @ParameterizedTest(name = "{0} lands on {1}")
    @CsvSource({
            "eve, /executive, Eve Moreau, executive, Acme",
            "cam, /csm, Cam Okafor, csm, Acme",
            "ada, /admin, Ada Lovelace, admin, Acme",
            "gus, /admin, Gus Lindqvist, admin, Globex" })
    void demoUserSignsInAndLandsOnTheirHome(String user, String home, String name, String role, String tenant) {
        signIn("/", user, "demo");
        page.waitForURL(appUrl(home));
        var who = page.getByLabel("Signed-in user");
        assertThat(who).containsText(name);
        assertThat(who).containsText(role);
        assertThat(who).containsText(tenant);
        screenshot("home-" + user);
    }

    @Test
    void signOutEndsTheSession() {
        signIn("/csm", "cole", "demo");
        page.waitForURL(appUrl("/csm"));
        page.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Sign out"))
                .click();
        page.waitForURL(url -> url.startsWith(appUrl("/signed-out")));
        assertThat(page.getByRole(AriaRole.HEADING)).containsText("You are signed out");
        screenshot("signed-out");
        page.navigate(appUrl("/csm"));
        assertThat(page.getByLabel("Username or email")).isVisible();
    }
}
