package dev.bellwether.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.PageClient;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.Routes;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A fuzz pass over every declared route, as an admin of a tenant with the sample's data: U+0000 in
 * the path and the query, overlong values for every filter the pages and the API read, and
 * malformed bodies (broken JSON, a form of junk, a multipart body cut short, nothing at all). Every
 * answer must be a 4xx (or, for a harmless overlong filter, an ordinary answer): never a 500.
 */
@QuarkusTest
class HostileInputTest {

    @Inject
    TestTenants testTenants;

    static final String TENANT = "hostile-sample";
    /** Longer than any id (128) or text (512) the app stores, well within an HTTP request line. */
    private static final String LONG = "x".repeat(600);
    /**
     * A body most JSON routes would take but for the NUL in its strings: the fields of a note, a task,
     * an invitation, an ingest key, a playbook, a webhook, a tenant.
     */
    private static final String NUL_JSON = "{\"name\":\"N\\u0000\",\"title\":\"T\\u0000\",\"body\":\"B\\u0000\","
            + "\"note\":\"x\\u0000\",\"email\":\"a\\u0000@example.com\",\"dueDate\":\"2026-12-20\",\"type\":\"call\","
            + "\"occurredAt\":\"2026-11-30T10:00:00Z\",\"url\":\"https://example.com/\\u0000\",\"enabled\":true,"
            + "\"role\":\"csm\",\"accountId\":\"ACC-00001\",\"id\":\"n\\u0000\",\"steps\":[{\"title\":\"S\\u0000\","
            + "\"dueInDays\":1}],\"attendees\":[\"p\\u0000\"],\"frequency\":\"weekly\"}";
    /** Calls that take no body: an empty one, whatever its Content-Type, is the call as it is meant (docs/api.md). */
    private static final java.util.Set<String> BODILESS = java.util.Set.of("POST /api/v1/admin/digests/run");

    private static final List<String> FILTERS = List.of("csm", "account", "q", "segment", "band", "sort", "page",
            "month", "status", "rule", "limit", "by", "kind", "size");

    @Inject
    Recalculations recalculations;

    @BeforeEach
    void sample() {
        // only the platform operator creates tenants: this test's fixed tenants are created first
        testTenants.ensure(TENANT);
        recalculations.loadSample(TENANT);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = {@Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = "ada@acme.example")})
    void noRouteAnswers500ToHostileInput() {
        List<String> failures = new ArrayList<>();
        for (Routes.Route route : Routes.all("ACC-00001")) {
            check(failures, route, "NUL in the path", send(route, route.path() + "%00", null, null), true);
            check(failures, route, "NUL in the query", send(route, route.path() + "?q=%00&csm=a%00", null, null), true);
            for (String filter : FILTERS) {
                check(failures, route, "overlong " + filter, send(route, route.path() + "?" + filter + "=" + LONG,
                        null, null), false);
            }
            check(failures, route, "overlong path", send(route, route.path().replace("ACC-00001", LONG), null, null),
                    false);
            if (!route.isSafe()) {
                check(failures, route, "broken JSON", send(route, route.path(), "application/json", "{\"band\":"),
                        true);
                check(failures, route, "JSON of the wrong shape",
                        send(route, route.path(), "application/json", "[1,2,{\"x\":[]}]"), true);
                check(failures, route, "junk form", send(route, route.path(), "application/x-www-form-urlencoded",
                        "%%%=&=&&weights.usage=abc&until=tomorrow&band=purple"), false);
                check(failures, route, "multipart cut short", send(route, route.path(),
                        "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"file\""),
                        true);
                check(failures, route, "empty body", send(route, route.path(), "application/json", ""),
                        !BODILESS.contains(route.toString()));
                check(failures, route, "NUL in JSON strings", send(route, route.path(), "application/json", NUL_JSON),
                        true);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = {@Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = "ada@acme.example")})
    void aFormOfMoreFieldsThanTheServerReadsIs413() {
        String fields = java.util.stream.IntStream.range(0, 1_001).mapToObj(i -> "f" + i + "=1")
                .collect(java.util.stream.Collectors.joining("&"));
        PageClient.htmx("/admin/health-model").contentType("application/x-www-form-urlencoded").body(fields)
                .post("/admin/health-model/preview").then().statusCode(413)
                .body(org.hamcrest.Matchers.containsString("The form has too many fields: a form here holds at most"
                        + " 1000 fields."));
    }

    /**
     * A ';' in the path is refused before anything reads it: with one, the sign-in took the pages' session cookie
     * for an API path (only /api/* is bearer-only) while the REST layer ran the API's endpoint, whose CSRF check is
     * skipped.
     */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = {@Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = "ada@acme.example")})
    void aPathWithASemicolonIsRefusedBeforeTheSignInReadsIt() {
        for (String path : List.of("/api;x/v1/admin/digests/run", "/api/v1;x/imports/accounts", "/admin;x/imports")) {
            given().urlEncodingEnabled(false).contentType("text/plain").body("account_id\n").post(path).then()
                    .statusCode(400).body(org.hamcrest.Matchers.containsString("A ';' is not allowed"));
        }
        // an id's ';' is written %3B: looked for, not refused
        given().urlEncodingEnabled(false).get("/api/v1/accounts/ACC%3B1").then().statusCode(404);
    }

    private Response send(Routes.Route route, String path, String contentType, String body) {
        RequestSpecification request = (route.isApi() || route.isSafe() ? given() : PageClient.htmx("/admin"))
                .urlEncodingEnabled(false).redirects().follow(false);
        if (contentType != null) {
            // RestAssured encodes a form from text only, and a multipart body from bytes only
            request = contentType.startsWith("multipart/")
                    ? request.contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8))
                    : request.contentType(contentType).body(body);
        }
        return request.request(route.method(), path);
    }

    /**
     * A NUL or a malformed body must never be taken as valid (no 2xx; a route that reads no body,
     * like sign-out, may still redirect), and nothing may answer 5xx; an overlong filter may also be
     * answered normally.
     */
    private static void check(List<String> failures, Routes.Route route, String what, Response response,
            boolean mustRefuse) {
        int status = response.statusCode();
        boolean ok = mustRefuse ? status >= 300 && status < 500 : status < 500;
        if (!ok) {
            failures.add(route + " with " + what + ": " + status + " "
                    + response.asString().substring(0, Math.min(200, response.asString().length())));
        }
    }
}
