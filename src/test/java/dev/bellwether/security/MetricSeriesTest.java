package dev.bellwether.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Hardening finding 10: requests to made-up paths, signed in or not, must not create metric series
 * of their own (10 requests had made 30): the {@code uri} tag of the HTTP metrics only ever holds
 * a route template or a fixed word.
 */
@QuarkusTest
@TestProfile(MetricSeriesTest.FreshRegistry.class)
class MetricSeriesTest {

    @Inject
    TestTenants testTenants;

    /** Only the platform operator creates tenants: this test's fixed tenants are created first. */
    @BeforeEach
    void createTheTenants() {
        testTenants.ensure("series-tenant");
    }

    /** Its own start of the app: a registry no other test filled up to Micrometer's cap of URI tags. */
    public static class FreshRegistry implements QuarkusTestProfile {
    }

    private static final Pattern URI = Pattern.compile("http_server_requests_seconds_count\\{[^}]*uri=\"([^\"]*)\"");

    @Test
    void madeUpPathsAddNoSeries() {
        String token = FakeKeycloak.accessToken("ada", "series-tenant", "admin");
        for (int i = 0; i < 3; i++) {
            requests(token); // every kind of answer has been seen once
        }
        Set<String> before = uris();
        for (int i = 0; i < 10; i++) {
            requests(token);
        }
        Set<String> after = uris();
        assertTrue(after.stream().noneMatch(uri -> uri.contains("made-up")), "raw paths as tags: " + after);
        after.removeAll(before);
        assertTrue(after.isEmpty(), "new series for " + after);
    }

    /**
     * The refused requests' word is the request's own: the routed requests that follow them on the same event
     * loops keep their route template.
     */
    @Test
    void aRefusedRequestsWordStaysWithIt() {
        String token = FakeKeycloak.accessToken("ada", "series-tenant", "admin");
        String template = "/api/v1/accounts/{accountId}";
        given().auth().oauth2(token).get("/api/v1/accounts/warm-up").then().statusCode(404);
        double routed = count(template);
        double refused = count(BoundedMetricTags.REFUSED);
        for (int i = 0; i < 20; i++) {
            given().urlEncodingEnabled(false).auth().oauth2(token).get("/api/v1/made-up?q=%00").then().statusCode(400);
            given().auth().oauth2(token).get("/api/v1/accounts/ACC-" + i).then().statusCode(404);
        }
        assertEquals(routed + 20, count(template), "every routed request under its template");
        assertEquals(refused + 20, count(BoundedMetricTags.REFUSED), () -> "every refused one under the word: "
                + lines("status=\"400\""));
    }

    private static java.util.List<String> lines(String containing) {
        int management = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        return given().port(management).get("/q/metrics").then().extract().asString().lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_count{") && line.contains(containing))
                .toList();
    }

    /** The requests counted under {@code uri}, over every method, status and outcome. */
    private static double count(String uri) {
        int management = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        String metrics = given().port(management).get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_count{")
                && line.contains("uri=\"" + uri + "\"")).mapToDouble(line -> Double.parseDouble(
                        line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static void requests(String token) {
        String id = UUID.randomUUID().toString();
        given().redirects().follow(false).get("/made-up-" + id);
        given().redirects().follow(false).get("/admin/made-up-" + id);
        given().get("/api/v1/made-up-" + id);
        given().auth().oauth2(token).get("/api/v1/made-up-" + id);
        given().auth().oauth2(token).get("/api/v1/accounts/made-up-" + id);
        given().redirects().follow(false).get("/accounts/made-up-" + id);
        // refused before any route: a NUL character, a body too large or without a length, an htmx request
        // without a session
        given().urlEncodingEnabled(false).get("/made-up-" + id + "?q=%00").then().statusCode(400);
        given().urlEncodingEnabled(false).auth().oauth2(token).get("/api/v1/made-up-" + id + "?q=%00").then()
                .statusCode(400);
        assertTrue(raw("POST /api/v1/made-up-" + id + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                + "\r\nContent-Length: 99999999999\r\n\r\n").startsWith("HTTP/1.1 413"));
        assertTrue(raw("POST /made-up-" + id + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                + "\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n[]\r\n0\r\n\r\n").startsWith("HTTP/1.1 411"));
        given().redirects().follow(false).header("HX-Request", "true").get("/made-up-" + id).then().statusCode(499);
    }

    /** Sends {@code head} as it is and answers what the server answers first. */
    private static String raw(String head) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<String> uris() {
        int management = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        String metrics = given().port(management).get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> uris = new TreeSet<>();
        Matcher matcher = URI.matcher(metrics);
        while (matcher.find()) {
            uris.add(matcher.group(1));
        }
        return uris;
    }
}
