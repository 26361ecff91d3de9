package dev.bellwether.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Routes;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Every route of the app answers with the browser security headers, whoever asks and whatever the
 * answer (a page, a fragment, a CSV export, JSON, a redirect to sign in, a 403 or a 404):
 * a content security policy that forbids framing, nosniff, a referrer policy, and no-store on all
 * but the static assets.
 */
@QuarkusTest
class SecurityHeadersTest {

    @Inject
    TestTenants testTenants;

    /** Only the platform operator creates tenants: this test's fixed tenants are created first. */
    @BeforeEach
    void createTheTenants() {
        testTenants.ensure("headers-tenant");
    }

    @Test
    void everyRouteAnswersWithTheSecurityHeadersSignedInOrNot() {
        String admin = FakeKeycloak.accessToken("ada", "headers-tenant", "admin");
        List<String> missing = new ArrayList<>();
        List<Routes.Route> routes = Routes.all("ACC-00001");
        assertTrue(routes.size() > 40, "the catalogue found the routes: " + routes.size());
        for (Routes.Route route : routes) {
            for (boolean signedIn : new boolean[] {true, false}) {
                var request = given().redirects().follow(false);
                if (signedIn) {
                    request = request.auth().oauth2(admin);
                }
                Response response = request.request(route.method(), route.path());
                String problem = problems(response, true);
                if (!problem.isEmpty()) {
                    missing.add(route + (signedIn ? " (admin)" : " (anonymous)") + " " + response.statusCode()
                            + ": " + problem);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void staticAssetsMayBeCachedButKeepTheOtherHeaders() {
        for (String asset : List.of("/css/app.css", "/js/charts.js", "/webjars/htmx.org/dist/htmx.min.js")) {
            Response response = given().get(asset);
            assertEquals(200, response.statusCode(), asset);
            assertEquals("", problems(response, false), asset);
            assertTrue(response.header("Cache-Control") == null
                    || !response.header("Cache-Control").contains("no-store"), asset + " may be cached");
        }
    }

    @Test
    void unknownPathsAndHealthChecksCarryThemToo() {
        for (String path : List.of("/no-such-page", "/api/v1/no-such-thing", "/q/health/ready", "/css/no-such.css",
                "/js/no-such.js", "/webjars/no-such/x.js")) {
            assertEquals("", problems(given().redirects().follow(false).get(path), true), path);
        }
    }

    private static String problems(Response response, boolean noStore) {
        List<String> problems = new ArrayList<>();
        String policy = response.header("Content-Security-Policy");
        if (policy == null || !policy.contains("default-src 'self'") || !policy.contains("frame-ancestors 'none'")) {
            problems.add("CSP " + policy);
        }
        if (!"DENY".equals(response.header("X-Frame-Options"))) {
            problems.add("X-Frame-Options");
        }
        if (!"nosniff".equals(response.header("X-Content-Type-Options"))) {
            problems.add("nosniff");
        }
        if (response.header("Referrer-Policy") == null) {
            problems.add("Referrer-Policy");
        }
        if (noStore && (response.header("Cache-Control") == null
                || !response.header("Cache-Control").contains("no-store"))) {
            problems.add("Cache-Control " + response.header("Cache-Control"));
        }
        return String.join(", ", problems);
    }
}
