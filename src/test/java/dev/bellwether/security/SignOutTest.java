package dev.bellwether.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * Finding 7 of issue 13: sign-out is a POST with the CSRF token, a GET signs nobody out, and a
 * signed-out session (its Keycloak {@code sid}) is refused afterwards. The replay of a real session
 * cookie against the real Keycloak is {@code e2e/SignOutIT}.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignOutTest {

    @Test
    @Order(1)
    @TestSecurity(user = "eve", roles = "executive", augmentors = EndedSessionGuard.class)
    @OidcSecurity(claims = { @Claim(key = "tenant", value = "acme"), @Claim(key = "sid", value = "sign-out-test") })
    void aGetOrAPostWithoutTheTokenSignsNobodyOut() {
        // a GET asks (a sign-out sent from a page left open past the session lands here once signed in again)
        given().redirects().follow(false).get("/logout").then().statusCode(200)
                .body(containsString("Sign out of Bellwether?"))
                .body(matchesPattern("(?s).*<form method=\"post\" action=\"/logout\" class=\"buttons\">\\s*"
                        + "<input type=\"hidden\" name=\"csrf-token\" value=\"[A-Za-z0-9_-]{20,}\">.*"));
        given().redirects().follow(false).post("/logout").then().statusCode(403);
        given().redirects().follow(false).formParam(CsrfFilter.FORM_FIELD, "A".repeat(43)).cookie(CsrfFilter.COOKIE,
                "A".repeat(43)).post("/logout").then().statusCode(403);
        given().get("/executive").then().statusCode(200);
        // a page refused for the role is answered before the CSRF filter runs: its Sign out carries the token all
        // the same (it was empty, and signing out from there was refused as a form from elsewhere)
        given().get("/admin").then().statusCode(403)
                .body(matchesPattern("(?s).*<form class=\"signout\" method=\"post\" action=\"/logout\">\\s*"
                        + "<input type=\"hidden\" name=\"csrf-token\" value=\"[A-Za-z0-9_-]{20,}\">.*"));
    }

    @Test
    @Order(2)
    @TestSecurity(user = "eve", roles = "executive", augmentors = EndedSessionGuard.class)
    @OidcSecurity(claims = { @Claim(key = "tenant", value = "acme"), @Claim(key = "sid", value = "sign-out-test") })
    void thePagesFormSignsOutAndTheSessionIsRefusedAfterwards() {
        String token = given().get("/executive").then().statusCode(200).extract().cookie(CsrfFilter.COOKIE);
        given().redirects().follow(false).cookie(CsrfFilter.COOKIE, token).formParam(CsrfFilter.FORM_FIELD, token)
                .post("/logout").then().statusCode(303).header("Location", endsWith("/signed-out"));
        int replay = given().redirects().follow(false).get("/executive").then().extract().statusCode();
        assertNotEquals(200, replay, "the signed-out session");
    }

    @Test
    @Order(3)
    @TestSecurity(user = "eve", roles = "executive", augmentors = EndedSessionGuard.class)
    @OidcSecurity(claims = { @Claim(key = "tenant", value = "acme"), @Claim(key = "sid", value = "another-session") })
    void anotherSessionOfTheSameUserIsUntouched() {
        assertEquals(200, given().get("/executive").then().extract().statusCode());
    }

    /** Back to /signed-out while signed in: home, not "You are signed out" beside a Sign out button. */
    @Test
    @Order(4)
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "acme"))
    void theSignedOutPageSendsSomeoneSignedInHome() {
        given().redirects().follow(false).get("/signed-out").then().statusCode(303)
                .header("Location", endsWith("/"));
    }

    /** The operator has no tenant: the page was a 403 "Your sign-in carries no tenant". */
    @Test
    @Order(5)
    @TestSecurity(user = "otto", roles = "operator")
    void theSignedOutPageSendsTheOperatorHomeToo() {
        given().redirects().follow(false).get("/signed-out").then().statusCode(303)
                .header("Location", endsWith("/"));
    }

    @Test
    @Order(6)
    void theSignedOutPageGreetsSomeoneSignedOut() {
        given().get("/signed-out").then().statusCode(200).body(containsString("signed out"));
    }
}
