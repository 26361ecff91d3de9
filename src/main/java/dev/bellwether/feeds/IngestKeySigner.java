package dev.bellwether.feeds;

import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.bellwether.platform.Hmac;

/**
 * Makes and hashes ingest key secrets. A secret is {@code bwk_} and 32 random bytes in base64url: it
 * says nothing of its tenant. The database keeps HMAC-SHA256(k, secret) only, where k is an HMAC of the
 * configured secret ({@code BW_INGEST_KEY_SECRET}, by default the session secret, which production
 * refuses to run with its demo value), so a copy of the database cannot be turned into working keys.
 */
@ApplicationScoped
public class IngestKeySigner {

    static final String PREFIX = "bwk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    @Inject
    IngestKeySigner(@ConfigProperty(name = "bellwether.feeds.key-secret") String secret) {
        this.key = Hmac.derivedKey(secret, "bellwether-ingest-key-v1");
    }

    /** A new secret: {@code bwk_} and 43 characters of base64url. */
    public String newSecret() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /**
     * Whether {@code secret} has the shape of one {@link #newSecret()} makes: anything else is no key, answered
     * without asking the database (a flood of made-up keys must not take the pool's connections).
     */
    static boolean wellFormed(String secret) {
        if (secret == null || secret.length() != PREFIX.length() + 43 || !secret.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** What the database keeps of {@code secret} (32 bytes). */
    public byte[] hash(String secret) {
        return Hmac.sha256(key, secret);
    }
}
