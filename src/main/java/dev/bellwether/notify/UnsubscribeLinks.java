package dev.bellwether.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.platform.Hmac;
import dev.bellwether.platform.Text;

/**
 * The one-click unsubscribe link of an email ({@code /unsubscribe/<token>}, RFC 8058): it names the organisation,
 * the kind of email (digest or immediate alert email) and the address it went to, signed with an HMAC under a
 * server secret, so it works without signing in and nobody can make one for another address. It never runs out:
 * all it can do is switch that kind of email off for that address, which its owner can switch on again.
 */
@ApplicationScoped
public class UnsubscribeLinks {

    /** What a link asks: stop {@code kind} (digest or alert) to {@code email} in {@code tenant}. */
    public record Request(String tenant, OutboxKind kind, String email) {
    }

    /** Bytes of the HMAC kept in a link: 128 bits. */
    private static final int SIGNATURE_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final String publicUrl;

    @Inject
    UnsubscribeLinks(NotificationConfig config) {
        this.key = Hmac.derivedKey(config.unsubscribeSecret(), "bellwether-unsubscribe-v1");
        this.publicUrl = Text.withoutTrailing(config.publicUrl(), '/');
    }

    /** The link that stops {@code kind} emails (a digest or an alert email) to {@code email} in {@code tenant}. */
    public String url(String tenant, OutboxKind kind, String email) {
        if (kind == OutboxKind.WEBHOOK) {
            throw new IllegalArgumentException("A webhook has no unsubscribe link");
        }
        String payload = tenant + "\n" + kind.word() + "\n" + email;
        return publicUrl + "/unsubscribe/" + ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + ENCODER.encodeToString(signature(payload));
    }

    /** What the token of a link asks, when it is one this server made; empty for anything else. */
    public Optional<Request> read(String token) {
        int dot = token == null ? -1 : token.lastIndexOf('.');
        if (dot <= 0 || token.length() > 2000) {
            return Optional.empty();
        }
        String payload;
        byte[] signature;
        try {
            payload = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(signature, signature(payload))) {
            return Optional.empty();
        }
        String[] parts = payload.split("\n", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        return Arrays.stream(new OutboxKind[] {OutboxKind.DIGEST, OutboxKind.ALERT})
                .filter(kind -> kind.word().equals(parts[1])).findFirst()
                .map(kind -> new Request(parts[0], kind, parts[2]));
    }

    private byte[] signature(String payload) {
        return Arrays.copyOf(Hmac.sha256(key, payload), SIGNATURE_BYTES);
    }
}
