package dev.bellwether.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * Refuses an identity whose Keycloak session was signed out, on every request: a replayed session
 * cookie then fails authentication, Quarkus drops the cookie and sends the browser to sign in.
 */
@ApplicationScoped
public class EndedSessionGuard implements SecurityIdentityAugmentor {

    @Inject
    EndedSessions ended;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (SessionKey.sid(identity).filter(ended::isEnded).isPresent()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("This session was signed out"));
        }
        return Uni.createFrom().item(identity);
    }
}
