package dev.bellwether.security;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * Takes a bearer token only when one of Bellwether's own clients asked for it ({@code azp}): Keycloak signs
 * the tokens of every client of the realm alike, and a token another application of the realm obtained for
 * a user must not open that user's organisation to it (401, as a token that is not valid here).
 * Signed-in pages (an ID token of the web client) are not bearer tokens and are not concerned.
 */
@ApplicationScoped
public class ApiClientGuard implements SecurityIdentityAugmentor {

    @ConfigProperty(name = "bellwether.api.clients", defaultValue = "bellwether-cli,bellwether-web")
    Set<String> clients;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getCredential(IdTokenCredential.class) != null
                || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        Object client = token.getClaim("azp");
        if (!(client instanceof String name && clients.contains(name))) {
            return Uni.createFrom().failure(new AuthenticationFailedException(
                    "This token was issued to another client of the realm"));
        }
        return Uni.createFrom().item(identity);
    }
}
