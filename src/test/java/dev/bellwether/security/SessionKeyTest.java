package dev.bellwether.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Optional;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;

/** What keys a session (and so its CSRF token and its sign-out): Keycloak's sid, else the user and sign-in time. */
class SessionKeyTest {

    @Test
    void keycloaksSessionIdWhenTheTokenCarriesOne() {
        JwtClaims claims = claims("ada");
        claims.setClaim("sid", "5f0c");
        claims.setClaim("auth_time", 1_764_000_000L);
        assertEquals(Optional.of("sid:5f0c"), SessionKey.of(identity(claims)));
    }

    /** auth_time is a number: two sign-ins of one user without a sid are two sessions, a refresh is the same one. */
    @Test
    void withoutASidEachSignInIsItsOwnSession() {
        JwtClaims first = claims("ada");
        first.setClaim("auth_time", 1_764_000_000L);
        first.setIssuedAt(NumericDate.fromSeconds(1_764_000_000L));
        JwtClaims refreshed = claims("ada");
        refreshed.setClaim("auth_time", 1_764_000_000L);
        refreshed.setIssuedAt(NumericDate.fromSeconds(1_764_000_300L));
        JwtClaims again = claims("ada");
        again.setClaim("auth_time", 1_764_086_400L);
        assertEquals(Optional.of("user:ada:1764000000"), SessionKey.of(identity(first)));
        assertEquals(SessionKey.of(identity(first)), SessionKey.of(identity(refreshed)));
        assertNotEquals(SessionKey.of(identity(first)), SessionKey.of(identity(again)));
    }

    @Test
    void anAnonymousRequestHasNoSession() {
        assertEquals(Optional.empty(), SessionKey.of(QuarkusSecurityIdentity.builder().setAnonymous(true).build()));
    }

    private static JwtClaims claims(String user) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("sub-" + user);
        claims.setClaim("preferred_username", user);
        return claims;
    }

    private static SecurityIdentity identity(JwtClaims claims) {
        DefaultJWTCallerPrincipal principal = new DefaultJWTCallerPrincipal("JWT", claims);
        return QuarkusSecurityIdentity.builder().setPrincipal(principal).build();
    }
}
