package dev.bellwether.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.platform.Hmac;
import dev.bellwether.platform.Text;
import dev.bellwether.platform.sql.Sql;

/**
 * The one-click unsubscribe link of an email ({@code /unsubscribe/<token>}, RFC 8058): it names the organisation
 * (its id and when it was created, so a link of a deleted organisation does nothing in a later one given the same
 * id), the kind of email (digest or immediate alert email) and the address it went to, signed with an HMAC under a
 * server secret, so it works without signing in and nobody can make one for another address. It never runs out:
 * all it can do is switch that kind of email off for that address, which its owner can switch on again.
 */
@ApplicationScoped
public class UnsubscribeLinks {

    /** What a link asks: stop {@code kind} (digest or alert) to {@code email} in {@code tenant}, created then. */
    public record Request(String tenant, long tenantCreated, OutboxKind kind, String email) {

        /** Whether {@code created} is when the link's organisation was created: it is that one, not a later one. */
        public boolean sameTenant(Instant created) {
            return tenantCreated == micros(created);
        }
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

    /** An organisation as its links and emails name it: its name, and when it was created. */
    public record Organisation(String name, Instant created) {
    }

    /** {@code tenant}'s name and creation, read on {@code connection} (one of that tenant's); empty without its row. */
    public static Optional<Organisation> organisation(Connection connection, String tenant) {
        return Sql.first(connection, "select display_name, created_at from tenant where id = ?",
                row -> new Organisation(row.string("display_name"), row.instant("created_at")), tenant);
    }

    /** When {@code tenant} was created, read on {@code connection} (one of that tenant's). */
    public static Instant tenantCreated(Connection connection, String tenant) {
        return organisation(connection, tenant).orElseThrow().created();
    }

    /**
     * The link that stops {@code kind} emails (a digest or an alert email) to {@code email} in {@code tenant}, created
     * at {@code created}.
     */
    public String url(String tenant, Instant created, OutboxKind kind, String email) {
        if (kind == OutboxKind.WEBHOOK) {
            throw new IllegalArgumentException("A webhook has no unsubscribe link");
        }
        String payload = tenant + "\n" + micros(created) + "\n" + kind.word() + "\n" + email;
        return publicUrl + "/unsubscribe/" + ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + ENCODER.encodeToString(signature(payload));
    }

    /**
     * What the token of a link asks, when it is one this server made, written as it made it (base64 that decodes
     * alike but reads otherwise is not); empty for anything else.
     */
    public Optional<Request> read(String token) {
        int dot = token == null ? -1 : token.lastIndexOf('.');
        if (dot <= 0 || token.length() > 2000) {
            return Optional.empty();
        }
        byte[] payloadBytes;
        byte[] signature;
        try {
            payloadBytes = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        String payload = new String(payloadBytes, StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(signature, signature(payload))
                || !token.equals(ENCODER.encodeToString(payloadBytes) + "." + ENCODER.encodeToString(signature))) {
            return Optional.empty();
        }
        String[] parts = payload.split("\n", -1);
        if (parts.length != 4 || !parts[1].matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        long created = Long.parseLong(parts[1]);
        return Arrays.stream(new OutboxKind[] {OutboxKind.DIGEST, OutboxKind.ALERT})
                .filter(kind -> kind.word().equals(parts[2])).findFirst()
                .map(kind -> new Request(parts[0], created, kind, parts[3]));
    }

    private static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    private byte[] signature(String payload) {
        return Arrays.copyOf(Hmac.sha256(key, payload), SIGNATURE_BYTES);
    }
}
