package dev.bellwether.security;

import java.util.Base64;

import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.bellwether.platform.Hmac;

/**
 * Derives per-session values from the session secret ({@code BW_SESSION_SECRET}, which also
 * encrypts the session cookie): a CSRF token is base64url(HMAC-SHA256(k, session key)) where k is
 * itself an HMAC of the secret, so the secret is never used twice for different purposes.
 */
@ApplicationScoped
public class SessionSigner {

    private final SecretKeySpec csrfKey;

    @Inject
    SessionSigner(@ConfigProperty(name = "quarkus.oidc.token-state-manager.encryption-secret") String secret) {
        this.csrfKey = Hmac.derivedKey(secret, "bellwether-csrf-v1");
    }

    /** The CSRF token of the session with this key (43 characters of base64url). */
    public String csrfToken(String sessionKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Hmac.sha256(csrfKey, sessionKey));
    }
}
