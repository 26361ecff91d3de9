package dev.bellwether.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;

/**
 * Finding 9 of issue 13: behind a TLS proxy (BW_PROXY_FORWARDING=true) the app sees https, so its
 * cookies are {@code Secure}, the CSRF cookie takes the {@code __Host-} name, and Keycloak is asked
 * to return to an https address. Over plain http nothing changes (web/CsrfFilterTest).
 */
@QuarkusTest
@TestProfile(BehindTlsProxyTest.Forwarding.class)
class BehindTlsProxyTest {

    /** The app as configured with BW_PROXY_FORWARDING=true. */
    public static class Forwarding implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true", "quarkus.http.proxy.enable-forwarded-host", "true");
        }
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "acme"))
    void theCsrfCookieIsHostPrefixedAndSecureOverHttps() {
        Response page = given().header("X-Forwarded-Proto", "https").get("/admin");
        page.then().statusCode(200);
        List<String> cookies = page.headers().getValues("Set-Cookie");
        String token = page.getCookie(CsrfFilter.SECURE_COOKIE);
        assertEquals(List.of(CsrfFilter.SECURE_COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Secure"),
                cookies);
        given().header("X-Forwarded-Proto", "https").cookie(CsrfFilter.SECURE_COOKIE, token)
                .header(CsrfFilter.HEADER, token).post("/csrf-probe/htmx").then().statusCode(200);
        given().header("X-Forwarded-Proto", "https").cookie(CsrfFilter.COOKIE, token)
                .header(CsrfFilter.HEADER, token).post("/csrf-probe/htmx").then().statusCode(403);
    }

    @Test
    void signInOverHttpsSetsSecureCookiesAndAnHttpsReturnAddress() {
        Response challenge = given().redirects().follow(false).header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "bellwether.example.com").get("/executive");
        challenge.then().statusCode(302)
                .header("Location", containsString("redirect_uri=https%3A%2F%2Fbellwether.example.com%2Fexecutive"));
        List<String> cookies = challenge.headers().getValues("Set-Cookie");
        assertTrue(!cookies.isEmpty() && cookies.stream().allMatch(c -> c.contains("; Secure")), cookies.toString());
        given().redirects().follow(false).get("/executive").then().statusCode(302)
                .header("Location", startsWith(FakeKeycloak.realmUrl()))
                .header("Set-Cookie", not(containsString("Secure")));
    }

    @Test
    void overHttpsTheBrowserIsToldToUseHttpsOnly() {
        given().redirects().follow(false).header("X-Forwarded-Proto", "https").get("/executive").then()
                .header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        given().redirects().follow(false).get("/executive").then()
                .header("Strict-Transport-Security", org.hamcrest.Matchers.nullValue());
    }
}
