package dev.bellwether.security;

import java.util.Optional;

import dev.bellwether.tenant.Claims;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * What identifies a signed-in session. Keycloak puts its session id in the {@code sid} claim of
 * every token of that session, refreshed or not: sign-out ends that id, and the CSRF token is
 * derived from it. Identities without one (other identity providers, {@code @TestSecurity}) fall
 * back to the user and the time they signed in.
 */
public final class SessionKey {

    static final String SID = "sid";

    private SessionKey() {
    }

    /** Keycloak's session id, when the identity's token carries one. */
    public static Optional<String> sid(SecurityIdentity identity) {
        return identity.isAnonymous() ? Optional.empty() : Claims.string(identity, SID);
    }

    /** A key stable for the whole session, or empty for an anonymous request. */
    public static Optional<String> of(SecurityIdentity identity) {
        if (identity.isAnonymous()) {
            return Optional.empty();
        }
        return sid(identity).map(sid -> "sid:" + sid).or(() -> Optional.of("user:" + identity.getPrincipal().getName()
                + ":" + Claims.number(identity, "auth_time").map(String::valueOf).orElse("")));
    }
}
