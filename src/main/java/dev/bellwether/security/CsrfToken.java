package dev.bellwether.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import dev.bellwether.web.SessionToken;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The CSRF token of the current page request. Templates put it in forms
 * ({@code inject:csrf.parameterName} / {@code inject:csrf.token}) and on {@code <body hx-headers>}
 * so every htmx request sends it as {@code X-CSRF-Token}.
 */
@RequestScoped
@Named("csrf")
public class CsrfToken implements SessionToken {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    SecurityIdentity identity;

    @Inject
    SessionSigner signer;

    private String token = "";
    private String masked;
    private boolean issued;

    /**
     * The token as this answer's page carries it: masked with a pad drawn for this answer (the pad, then the
     * token's bytes XOR the pad, in base64url), so no two compressed pages hold the same secret text and its
     * size cannot be guessed a character at a time (BREACH). {@link #unmask} reads it back.
     */
    @Override
    public String getToken() {
        if (masked == null) {
            if (token.isEmpty()) {
                fromSession();
            }
            masked = token.isEmpty() ? "" : mask(token);
        }
        return masked;
    }

    /**
     * A page drawn before {@link CsrfFilter} ran (a 403 for the role, a 405: both answered before any request filter)
     * still carries the session's token, so its Sign out works (it was refused as a form from elsewhere). The
     * cookie is sent again with it.
     */
    private void fromSession() {
        ofSession().ifPresent(session -> use(session, true));
    }

    /** The token of the request's session; empty for an anonymous request. */
    Optional<String> ofSession() {
        return SessionKey.of(identity).map(signer::csrfToken);
    }

    /** The token itself, as the cookie holds it. */
    String raw() {
        return token;
    }

    static String mask(String token) {
        byte[] bytes = token.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[bytes.length * 2];
        byte[] pad = new byte[bytes.length];
        RANDOM.nextBytes(pad);
        for (int i = 0; i < bytes.length; i++) {
            out[i] = pad[i];
            out[bytes.length + i] = (byte) (bytes[i] ^ pad[i]);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /** A token a page sent back, unmasked; null when it cannot be a masked one. */
    public static String unmask(String sent) {
        if (sent == null) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(sent);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (bytes.length == 0 || bytes.length % 2 != 0) {
            return null;
        }
        int half = bytes.length / 2;
        byte[] token = new byte[half];
        for (int i = 0; i < half; i++) {
            token[i] = (byte) (bytes[i] ^ bytes[half + i]);
        }
        return new String(token, StandardCharsets.US_ASCII);
    }

    public String getParameterName() {
        return CsrfFilter.FORM_FIELD;
    }

    public String getHeaderName() {
        return CsrfFilter.HEADER;
    }

    void use(String token, boolean issued) {
        this.token = token;
        this.masked = null;
        this.issued = issued;
    }

    boolean isIssued() {
        return issued;
    }
}
