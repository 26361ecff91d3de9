package dev.bellwether.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Derives per-session values from the session secret ({@code BW_SESSION_SECRET}, which also
 * encrypts the session cookie): a CSRF token is base64url(HMAC-SHA256(k, session key)) where k is
 * itself an HMAC of the secret, so the secret is never used twice for different purposes.
 */
@ApplicationScoped
public class SessionSigner {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec csrfKey;

    @Inject
    SessionSigner(@ConfigProperty(name = "quarkus.oidc.token-state-manager.encryption-secret") String secret) {
        this.csrfKey = new SecretKeySpec(hmac(new SecretKeySpec(bytes(secret), ALGORITHM), "bellwether-csrf-v1"),
                ALGORITHM);
    }

    /** The CSRF token of the session with this key (43 characters of base64url). */
    public String csrfToken(String sessionKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(csrfKey, sessionKey));
    }

    private static byte[] hmac(SecretKeySpec key, String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(bytes(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
