package dev.bellwether.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * Finding 7 of issue 13: signing out ends the session on the server. A copy of the session cookies
 * taken while signed in opens the executive dashboard; after sign-out the same copy is sent to sign
 * in. And a plain link to {@code /logout} (a GET any site could trigger) signs nobody out.
 */
@QuarkusIntegrationTest
class SignOutIT extends BrowserTest {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void aCopyOfTheSessionCookiesIsRefusedAfterSignOut() throws Exception {
        signIn("/executive", "eve", "demo");
        page.waitForURL(appUrl("/executive"));
        String session = context.cookies(appUrl("/")).stream().filter(c -> c.name.startsWith("q_session"))
                .map(c -> c.name + "=" + c.value).collect(Collectors.joining("; "));
        assertFalse(session.isEmpty(), "the session cookies");
        assertEquals(200, replay(session).statusCode(), "the copy works while the session lasts");

        signOut();

        // Quarkus answers a session cookie it refuses with 401 and drops the cookie; the browser's next
        // request then has no session and is sent to Keycloak's login page.
        HttpResponse<String> after = replay(session);
        assertEquals(401, after.statusCode(), "the copy after sign-out");
        List<String> dropped = after.headers().allValues("Set-Cookie");
        assertTrue(dropped.stream().anyMatch(c -> c.startsWith("q_session") && c.contains("Max-Age=0")),
                dropped.toString());
    }

    @Test
    void aGetToLogoutSignsNobodyOut() {
        signIn("/executive", "eve", "demo");
        page.waitForURL(appUrl("/executive"));
        page.navigate(appUrl("/logout"));
        page.navigate(appUrl("/executive"));
        assertThat(page.getByLabel("Signed-in user")).containsText("Eve Moreau");
        signOut();
        page.navigate(appUrl("/executive"));
        assertThat(page.getByLabel("Username or email")).isVisible();
    }

    private void signOut() {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        page.waitForURL(url -> url.startsWith(appUrl("/signed-out")));
    }

    private HttpResponse<String> replay(String cookies) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(appUrl("/executive"))).header("Cookie", cookies)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
