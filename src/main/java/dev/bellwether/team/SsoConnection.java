package dev.bellwether.team;

/**
 * A tenant's own OpenID Connect provider: members whose email is at {@code domain} sign in there
 * (the client secret is never read back). {@code alias} is the identity provider's name in Keycloak.
 */
public record SsoConnection(String alias, String issuer, String clientId, String domain) {
}
