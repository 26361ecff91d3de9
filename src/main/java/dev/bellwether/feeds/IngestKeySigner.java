package dev.bellwether.feeds;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes and hashes ingest key secrets. A secret is {@code bwk_} and 32 random bytes in base64url: it
 * says nothing of its tenant. The database keeps HMAC-SHA256(k, secret) only, where k is an HMAC of the
 * configured secret ({@code BW_INGEST_KEY_SECRET}, by default the session secret, which production
 * refuses to run with its demo value), so a copy of the database cannot be turned into working keys.
 */
@ApplicationScoped
public class IngestKeySigner {

    static final String PREFIX = "bwk_";
    private static final String ALGORITHM = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    @Inject
    IngestKeySigner(@ConfigProperty(name = "bellwether.feeds.key-secret") String secret) {
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(bytes(secret), ALGORITHM), "bellwether-ingest-key-v1"),
                ALGORITHM);
    }

    /** A new secret: {@code bwk_} and 43 characters of base64url. */
    public String newSecret() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** What the database keeps of {@code secret} (32 bytes). */
    public byte[] hash(String secret) {
        return hmac(key, secret);
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
