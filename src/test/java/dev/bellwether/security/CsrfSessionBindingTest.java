package dev.bellwether.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * Finding 8 of issue 13: the CSRF token belongs to one signed-in session. A cookie and header pair
 * that merely match, or the pair of another session (same user or not), is refused with 403.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CsrfSessionBindingTest {

    /** The token the first session was given, replayed by the other tests. */
    private static String firstSessionToken;

    @Test
    @Order(1)
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = "acme"), @Claim(key = "sid", value = "session-one") })
    void aSessionsOwnTokenIsAcceptedButAnyOtherMatchingPairIsNot() {
        firstSessionToken = tokenOfThisSession();
        assertEquals(200, post(firstSessionToken), "the session's own token");
        assertEquals(403, post("A".repeat(43)), "a made-up cookie and header that match each other");
    }

    @Test
    @Order(2)
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = "acme"), @Claim(key = "sid", value = "session-two") })
    void theSameUsersNextSessionRefusesTheFirstSessionsToken() {
        assertNotNull(firstSessionToken, "runs after the first session's test");
        String own = tokenOfThisSession();
        assertNotEquals(firstSessionToken, own);
        assertEquals(403, post(firstSessionToken));
        assertEquals(200, post(own));
    }

    @Test
    @Order(3)
    @TestSecurity(user = "gus", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "globex"))
    void anotherUserRefusesTheFirstSessionsToken() {
        assertNotNull(firstSessionToken, "runs after the first session's test");
        assertEquals(403, post(firstSessionToken));
        assertEquals(200, post(tokenOfThisSession()));
    }

    private static String tokenOfThisSession() {
        return given().get("/admin").then().statusCode(200).extract().cookie(CsrfFilter.COOKIE);
    }

    private static int post(String token) {
        return given().cookie(CsrfFilter.COOKIE, token).header(CsrfFilter.HEADER, token)
                .when().post("/csrf-probe/htmx").then().extract().statusCode();
    }
}
