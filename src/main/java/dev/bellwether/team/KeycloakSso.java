package dev.bellwether.team;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bellwether.platform.FieldError;

/**
 * A tenant's own sign-in provider at Keycloak ({@link KeycloakDirectory}'s part of it): an OpenID Connect
 * identity provider with the alias {@code sso-<tenant>}, linked to the tenant's organization, which claims
 * the company's email domain and sends addresses at it there.
 */
final class KeycloakSso {

    /** Identity-provider settings of an organization's provider: its email domain, and redirect by it. */
    private static final String ORG_DOMAIN = "kc.org.domain";
    private static final String ORG_REDIRECT = "kc.org.broker.redirect.mode.email-matches";
    /** Keycloak's mapper that gives everyone a provider brings in one role. */
    private static final String CSM_RULE = "oidc-hardcoded-role-idp-mapper";

    private final KeycloakAdmin keycloak;
    private final DiscoveryDocument.Source discovery;

    KeycloakSso(KeycloakAdmin keycloak, DiscoveryDocument.Source discovery) {
        this.keycloak = keycloak;
        this.discovery = discovery;
    }

    /** The tenant's own sign-in provider, if it connected one. */
    Optional<SsoConnection> find(String tenantId) {
        KeycloakAdmin.Answer found = keycloak.get("/identity-provider/instances/" + alias(tenantId));
        if (found.status() == 404) {
            return Optional.empty();
        }
        JsonNode provider = KeycloakAdmin.expect(found, "reading the sign-in provider of " + tenantId).body();
        JsonNode config = provider.path("config");
        return Optional.of(new SsoConnection(provider.path("alias").asText(), config.path("issuer").asText(),
                config.path("clientId").asText(), config.path(ORG_DOMAIN).asText(null)));
    }

    /** The provider an admin connects: its issuer, Bellwether's client there, and the email domain it signs in. */
    record Provider(String issuer, String clientId, String clientSecret, String domain) {
    }

    /**
     * Connects (or replaces) the provider of the tenant whose organization's id is {@code organization}; 422
     * when its discovery document names an address {@code addresses} refuses (the issuer's own host was checked
     * before, but the document may send Keycloak anywhere: 169.254.169.254, a database, an admin console).
     */
    void connect(String tenantId, String organization, Provider wanted, TeamDirectory.AddressCheck addresses) {
        String alias = alias(tenantId);
        String domain = wanted.domain();
        // The app reads the provider's discovery document (no redirect followed) and hands Keycloak its bytes:
        // Keycloak's own fetch would follow a redirect to any address.
        byte[] document = discovery.fetch(wanted.issuer());
        DiscoveryDocument.requireIssuer(document, wanted.issuer());
        KeycloakAdmin.Answer discovered = keycloak.postFile("/identity-provider/import-config",
                Map.of("providerId", "oidc"), document);
        // the document was read and checked: Keycloak refusing to parse it (400, or a 500 for a field of the wrong
        // kind) is the document's fault; its refusing the service client (401, 403) is ours, an outage (503)
        if (discovered.status() == 400 || discovered.status() == 500) {
            throw TeamRefusal.invalid(List.of(new FieldError("issuer",
                    "The issuer's discovery document is not an OpenID Connect provider's (the sign-in service could"
                            + " not read it)")));
        }
        KeycloakAdmin.expect(discovered, "reading the discovery document of " + wanted.issuer());
        ObjectNode config = ((ObjectNode) discovered.body()).deepCopy();
        // every address of the document, as Keycloak's import names them (authorizationUrl, tokenUrl, jwksUrl,
        // userInfoUrl, logoutUrl, tokenIntrospectionUrl, …): Keycloak calls most of them itself, from inside our
        // network, and a later version or feature may call any (useJwksUrl is a flag, "true")
        for (String endpoint : (Iterable<String>) config::fieldNames) {
            String url = endpoint.endsWith("Url") ? config.path(endpoint).asText("") : "";
            if (!url.isEmpty() && !url.equals("true") && !url.equals("false")) {
                addresses.problem(url).ifPresent(problem -> {
                    throw TeamRefusal.invalid(List.of(new FieldError("issuer", "The provider's discovery document"
                            + " names " + url + " (" + endpoint + "), which Bellwether will not call: " + problem)));
                });
            }
        }
        config.put("clientId", wanted.clientId()).put("clientSecret", wanted.clientSecret())
                .put("clientAuthMethod", "client_secret_post").put("defaultScope", "openid email profile")
                .put("syncMode", "IMPORT").put("pkceEnabled", "true").put("pkceMethod", "S256");
        ObjectNode provider = keycloak.json().createObjectNode();
        provider.put("alias", alias).put("displayName", "Company sign-in (" + domain + ")").put("providerId", "oidc")
                .put("enabled", true).put("trustEmail", true).put("hideOnLogin", true).set("config", config);
        try {
            write(tenantId, organization, alias, domain, provider);
        } catch (KeycloakAdmin.Unavailable e) {
            throw new HalfConnected(e);
        }
    }

    /**
     * Keycloak stopped answering while a provider was being connected, after a step that may have been taken:
     * the provider may have the new issuer and not yet the new domain. The same request again completes it.
     */
    public static final class HalfConnected extends KeycloakAdmin.Unavailable {

        private static final long serialVersionUID = 1L;

        HalfConnected(KeycloakAdmin.Unavailable cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The provider written (created or replaced whole), its role rule, the domain claimed and sent to it. */
    private void write(String tenantId, String organization, String alias, String domain, ObjectNode provider) {
        KeycloakAdmin.Answer existing = keycloak.get("/identity-provider/instances/" + alias);
        if (existing.status() == 404) {
            KeycloakAdmin.expect(keycloak.post("/identity-provider/instances", provider),
                    "creating the sign-in provider of " + tenantId);
        } else {
            ObjectNode kept = (ObjectNode) KeycloakAdmin.expect(existing, "reading " + alias).body();
            // the settings are replaced whole, not merged: an address the new issuer's document does not name
            // (a logout endpoint, say) must not stay the old provider's; the name follows the new domain
            kept.setAll(provider);
            KeycloakAdmin.expect(keycloak.put("/identity-provider/instances/" + alias, kept),
                    "updating the sign-in provider of " + tenantId);
        }
        // on every connection, not only the first: a first one that failed after creating the provider left it
        // without the rule, and everyone arriving through it would have had no Bellwether role
        if (!hasCsmRule(alias)) {
            var role = Map.of("name", "default role csm", "identityProviderAlias", alias,
                    "identityProviderMapper", CSM_RULE, "config", Map.of("role", "csm", "syncMode", "IMPORT"));
            KeycloakAdmin.expect(keycloak.post("/identity-provider/instances/" + alias + "/mappers", role),
                    "giving new members of " + tenantId + " the role csm");
        }
        // The organization claims the domain, links the provider, and sends matching emails there. It claims
        // that domain alone: one connected before is released, or invitations to it from other organisations
        // would still be held and another organisation proving it refused.
        ObjectNode org = (ObjectNode) keycloak.read("/organizations/" + organization);
        ArrayNode domains = org.withArray("domains");
        if (domains.size() != 1 || !domain.equals(domains.get(0).path("name").asText())) {
            domains.removeAll();
            domains.addObject().put("name", domain).put("verified", true); // proven by DomainProof
            KeycloakAdmin.expect(keycloak.put("/organizations/" + organization, org),
                    "claiming the domain " + domain + " for " + tenantId);
        }
        KeycloakAdmin.Answer linked = keycloak.post("/organizations/" + organization + "/identity-providers", alias);
        if (!linked.ok() && linked.status() != 409) {
            KeycloakAdmin.expect(linked, "linking " + alias + " to " + tenantId);
        }
        ObjectNode now = (ObjectNode) keycloak.read("/identity-provider/instances/" + alias);
        ((ObjectNode) now.path("config")).put(ORG_DOMAIN, domain).put(ORG_REDIRECT, "true");
        KeycloakAdmin.expect(keycloak.put("/identity-provider/instances/" + alias, now),
                "sending " + domain + " to " + alias);
    }

    /** Whether the provider gives people it brings in the role csm (its hard-coded role rule). */
    private boolean hasCsmRule(String alias) {
        JsonNode mappers = keycloak.read("/identity-provider/instances/" + alias + "/mappers");
        if (mappers == null) {
            return false;
        }
        for (JsonNode mapper : mappers) {
            if (CSM_RULE.equals(mapper.path("identityProviderMapper").asText())
                    && "csm".equals(mapper.path("config").path("role").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The identity provider's alias for a tenant's own sign-in. */
    static String alias(String tenantId) {
        return "sso-" + tenantId;
    }

    /**
     * The tenant's own sign-in provider goes with it: deleting the organization only unlinks it, and a later
     * tenant given the same id would find the former customer's provider connected.
     */
    void delete(String tenantId) {
        KeycloakAdmin.Answer gone = keycloak.delete("/identity-provider/instances/" + alias(tenantId), null);
        if (!gone.ok() && gone.status() != 404) {
            KeycloakAdmin.expect(gone, "deleting the sign-in provider of " + tenantId);
        }
    }
}
