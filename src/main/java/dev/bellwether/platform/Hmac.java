package dev.bellwether.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 with keys derived from a configured secret per purpose, so one secret never serves two
 * purposes directly: the key for a purpose is HMAC(secret, purpose).
 */
public final class Hmac {

    private static final String ALGORITHM = "HmacSHA256";

    private Hmac() {
    }

    /** The key for {@code purpose} (e.g. "bellwether-csrf-v1") derived from {@code secret}. */
    public static SecretKeySpec derivedKey(String secret, String purpose) {
        return new SecretKeySpec(sha256(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM), purpose),
                ALGORITHM);
    }

    /** HMAC-SHA256 of {@code message}'s UTF-8 bytes under {@code key} (32 bytes). */
    public static byte[] sha256(SecretKeySpec key, String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
