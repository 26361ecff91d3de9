package dev.bellwether.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;

/** Page posts need the CSRF token of the page they came from; the bearer-only API does not. */
@QuarkusTest
@TestSecurity(user = "ada", roles = "admin")
@OidcSecurity(claims = @Claim(key = "tenant", value = "acme"))
class CsrfFilterTest {

    private static final Pattern BODY_TOKEN = Pattern.compile("\"X-CSRF-Token\": \"([A-Za-z0-9_-]+)\"");

    @Test
    void pageIssuesTokenInCookieAndHxHeaders() {
        Response page = given().when().get("/admin");
        page.then().statusCode(200).header("Set-Cookie", containsString("bw-csrf="))
                .header("Set-Cookie", containsString("HttpOnly"))
                .header("Set-Cookie", containsString("SameSite=Strict"));
        Matcher m = BODY_TOKEN.matcher(page.asString());
        assertTrue(m.find(), "hx-headers carries the token");
        assertNotNull(page.getCookie(CsrfFilter.COOKIE));
        assertEquals(page.getCookie(CsrfFilter.COOKIE), CsrfToken.unmask(m.group(1)));
    }

    /**
     * Each answer masks the token afresh (BREACH: a compressed page holding the same secret next to text the
     * request chose would tell it a character at a time); whatever mask a page used, its token posts.
     */
    @Test
    void eachPageMasksTheTokenAfreshAndEveryMaskPosts() {
        String token = given().when().get("/admin").getCookie(CsrfFilter.COOKIE);
        List<String> masked = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Matcher m = BODY_TOKEN.matcher(given().cookie(CsrfFilter.COOKIE, token).get("/admin").asString());
            assertTrue(m.find());
            masked.add(m.group(1));
        }
        assertEquals(3, masked.stream().distinct().count(), masked.toString());
        assertTrue(masked.stream().noneMatch(t -> t.contains(token)), "the token itself is never on the page");
        for (String sent : masked) {
            given().cookie(CsrfFilter.COOKIE, token).header(CsrfFilter.HEADER, sent)
                    .when().post("/csrf-probe/htmx").then().statusCode(200).body(equalTo("accepted"));
            given().cookie(CsrfFilter.COOKIE, token).formParam(CsrfFilter.FORM_FIELD, sent).formParam("note", "x")
                    .when().post("/csrf-probe").then().statusCode(200);
        }
        String other = CsrfToken.mask("B".repeat(43));
        given().cookie(CsrfFilter.COOKIE, token).header(CsrfFilter.HEADER, other)
                .when().post("/csrf-probe/htmx").then().statusCode(403);
    }

    @Test
    void postWithoutTokenIsRefused() {
        given().formParam("note", "x").when().post("/csrf-probe").then().statusCode(403);
        given().when().post("/csrf-probe/htmx").then().statusCode(403);
    }

    @Test
    void postWithCookieButWrongTokenIsRefused() {
        String token = given().when().get("/admin").getCookie(CsrfFilter.COOKIE);
        given().cookie(CsrfFilter.COOKIE, token).header(CsrfFilter.HEADER, "A".repeat(43))
                .when().post("/csrf-probe/htmx").then().statusCode(403);
        // a form refused so: reloading the page it left sends the same form, so the page says to go back first
        given().cookie(CsrfFilter.COOKIE, token).formParam(CsrfFilter.FORM_FIELD, "B".repeat(43)).formParam("note", "x")
                .when().post("/csrf-probe").then().statusCode(403)
                .body(org.hamcrest.Matchers.containsString("This form has expired or did not come from Bellwether. Go"
                        + " back, reload the page (reloading this one sends the same form again) and send it again."));
    }

    @Test
    void postWithMatchingHeaderOrFieldIsAccepted() {
        String token = given().when().get("/admin").getCookie(CsrfFilter.COOKIE);
        given().cookie(CsrfFilter.COOKIE, token).header(CsrfFilter.HEADER, token)
                .when().post("/csrf-probe/htmx").then().statusCode(200).body(equalTo("accepted"));
        given().cookie(CsrfFilter.COOKIE, token).formParam(CsrfFilter.FORM_FIELD, token).formParam("note", "hello")
                .when().post("/csrf-probe").then().statusCode(200).body(equalTo("accepted hello"));
    }
}
