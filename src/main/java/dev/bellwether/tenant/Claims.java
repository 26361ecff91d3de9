package dev.bellwether.tenant;

import java.util.Optional;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/** Reads string claims from the token behind a security identity. */
public final class Claims {

    private Claims() {
    }

    /** The claim's text, when the identity has a token carrying it as a non-blank string. */
    public static Optional<String> string(SecurityIdentity identity, String name) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        Object value = token.getClaim(name);
        if (value instanceof JsonString json) {
            value = json.getString();
        }
        return value instanceof String text && !text.isBlank() ? Optional.of(text) : Optional.empty();
    }

    /** A numeric claim's whole value (a time's seconds, say), when the identity's token carries one. */
    public static Optional<Long> number(SecurityIdentity identity, String name) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        Object value = token.getClaim(name);
        return value instanceof JsonNumber json ? Optional.of(json.longValue())
                : value instanceof Number number ? Optional.of(number.longValue()) : Optional.empty();
    }

    /** Whether the identity's token carries the claim as boolean {@code true} (or the text "true"). */
    public static boolean isTrue(SecurityIdentity identity, String name) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return false;
        }
        Object value = token.getClaim(name);
        return Boolean.TRUE.equals(value) || JsonValue.TRUE.equals(value)
                || value instanceof JsonString json && "true".equals(json.getString()) || "true".equals(value);
    }
}
