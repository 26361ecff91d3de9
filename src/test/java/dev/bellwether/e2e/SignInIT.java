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

    /**
     * A sign-in the identity provider answers with an error (cancelled or refused at a company's own sign-in, which
     * Keycloak passes on as error=access_denied with the sign-in's state) ends on the app's page with a way to try
     * again: it ended on an empty 401.
     */
    @Test
    void aSignInTheProviderRefusesEndsOnAPageThatSaysSo() {
        page.navigate(appUrl("/csm"));
        assertThat(page.getByLabel("Username or email")).isVisible();
        String state = java.net.URI.create(page.url()).getRawQuery().replaceAll("(?s)^(?:.*&)?state=([^&]+).*$", "$1");
        page.navigate(appUrl("/csm?state=" + state + "&error=access_denied&error_description=Call+0800+now"));
        page.waitForURL(url -> url.startsWith(appUrl("/sign-in-failed")));
        assertThat(page.getByRole(AriaRole.HEADING)).containsText("Sign-in did not complete");
        assertThat(page.locator("main")).containsText("cancelled or refused");
        assertThat(page.locator("main")).not().containsText("0800"); // the provider's words are not repeated
        screenshot("sign-in-failed");
        page.getByRole(AriaRole.LINK, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Sign in again"))
                .click();
        assertThat(page.getByLabel("Username or email")).isVisible();
    }
}
