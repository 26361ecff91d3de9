package dev.bellwether.team;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bellwether.tenant.IdentityDirectory;
import dev.bellwether.tenant.TenantClaim;

/**
 * Tenants as Keycloak Organizations (alias = tenant id) and their people as members of them, through
 * the admin REST API as the service client {@code bellwether-admin}. A member's Bellwether role is a
 * realm role, so it reaches the member's next token.
 */
@ApplicationScoped
public class KeycloakDirectory implements IdentityDirectory, TeamDirectory {

    private static final Logger LOG = Logger.getLogger(KeycloakDirectory.class);
    private static final int PAGE = KeycloakAdmin.PAGE;
    @Inject
    KeycloakAdmin keycloak;

    @Inject
    KeycloakAdminConfig config;

    @Inject
    InvitationLinks links;

    /** Where a provider's discovery document is read from (the network; a test gives its own). */
    DiscoveryDocument.Source discovery = DiscoveryDocument::fetch;

    /**
     * Organization ids by alias, each kept five minutes: an organization's id never changes, but another app
     * instance may delete a tenant and the operator create one again with the same id (a new organization),
     * which this instance learns of only by looking again.
     */
    final Map<String, Known> organizations = new ConcurrentHashMap<>();

    static final long KEPT_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(5);

    /** An organization id, and when it was learnt ({@link System#nanoTime()}). */
    record Known(String id, long at) {
        Known(String id) {
            this(id, System.nanoTime());
        }

        boolean fresh() {
            return System.nanoTime() - at < KEPT_NANOS;
        }
    }

    // --- IdentityDirectory ------------------------------------------------------------------------

    @Override
    public void createOrganization(String tenantId, String displayName) {
        var organization = Map.of("name", displayName, "alias", tenantId, "enabled", true,
                "description", "Bellwether tenant " + tenantId);
        KeycloakAdmin.Answer answer = keycloak.post("/organizations", organization);
        if (answer.status() == 409) {
            throw new IdentityDirectory.Taken("The identity provider already has an organization named "
                    + displayName + " or with the id " + tenantId + ": choose another name or id.");
        }
        KeycloakAdmin.expect(answer, "creating organization " + tenantId);
        organizations.put(tenantId, new Known(answer.createdId()));
    }

    @Override
    public void invite(String tenantId, String email, String role) {
        String organization = organizationId(tenantId)
                .orElseThrow(() -> noOrganization(tenantId));
        String address = email.toLowerCase(Locale.ROOT);
        KeycloakAdmin.Answer created = keycloak.post("/users",
                Map.of("username", address, "email", address, "enabled", true, "emailVerified", false));
        if (created.status() == 409) {
            throw new IdentityDirectory.Taken(address + " already has a Bellwether sign-in.");
        }
        String userId = KeycloakAdmin.expect(created, "creating user " + address).createdId();
        try {
            KeycloakAdmin.expect(keycloak.post("/users/" + userId + "/role-mappings/realm",
                    List.of(new KeycloakRoles(keycloak).realmRole(role))),
                    "giving " + address + " the role " + role);
            KeycloakAdmin.expect(keycloak.post("/organizations/" + organization + "/members", userId),
                    "adding " + address + " to " + tenantId);
            sendInvitation(userId, address);
        } catch (RuntimeException e) {
            // Nothing half-made stays behind: the user goes, and with them the role and membership.
            KeycloakAdmin.Answer undone = keycloak.delete("/users/" + userId, null);
            if (!undone.ok()) {
                LOG.errorf("Could not remove the half-invited user %s (%s): %s", address, userId, undone.status());
            }
            throw e;
        }
    }

    @Override
    public boolean signsIn(Member member) {
        return signedUp(member.id(), member.email()).orElse(false);
    }

    /** The invitation email again, with a fresh link; 409 for one who reads as invited but {@link #signsIn}. */
    @Override
    public void resend(Member member) {
        if (signsIn(member)) {
            throw TeamRefusal.conflict(member.email() + " has used the invitation and signs in: nothing was sent.");
        }
        sendInvitation(member.id(), member.email());
    }

    /**
     * The user goes, with their role and membership (Team withdraws only an invitation not used yet). An
     * unverified address is what marks an invitee, but Keycloak clears the mark when a member changes their
     * address: a user with a password or a linked identity provider has signed up, and is refused (409).
     */
    @Override
    public void withdraw(Member member) {
        Optional<Boolean> signedUp = signedUp(member.id(), member.email());
        if (signedUp.isEmpty()) {
            return; // gone already: withdrawn
        }
        if (signedUp.get()) {
            throw TeamRefusal.invitationUsed(member.email(), member.enabled());
        }
        remove(new Unused(member.id(), member.email(), null));
    }

    /** Whether the user has a password or a linked identity provider; empty when the user is gone. */
    private Optional<Boolean> signedUp(String userId, String email) {
        for (String setUp : List.of("/credentials", "/federated-identity")) {
            KeycloakAdmin.Answer answer = keycloak.get("/users/" + userId + setUp);
            if (answer.status() == 404) {
                return Optional.empty();
            }
            if (KeycloakAdmin.expect(answer, "reading the sign-in of " + email).body().size() > 0) {
                return Optional.of(true);
            }
        }
        return Optional.of(false);
    }

    @Override
    public Optional<Unused> unusedInvitation(String email) {
        String address = email.toLowerCase(Locale.ROOT);
        for (JsonNode user : keycloak.read("/users?exact=true&briefRepresentation=false&email="
                + KeycloakAdmin.encode(address))) {
            String id = user.path("id").asText();
            boolean unverified = !user.path("emailVerified").asBoolean(false);
            if (address.equals(user.path("email").asText("").toLowerCase(Locale.ROOT)) && unverified
                    && Optional.of(false).equals(signedUp(id, address))) {
                Instant created = Instant.ofEpochMilli(user.path("createdTimestamp").asLong());
                return Optional.of(new Unused(id, address, created));
            }
        }
        return Optional.empty();
    }

    @Override
    public void remove(Unused invitation) {
        delete("/users/" + invitation.id(), "withdrawing the invitation of " + invitation.email());
    }

    /**
     * Keycloak's email with a link to set a password, valid for the configured invitation lifespan; recorded, under
     * the address's lock, for whoever later asks whether the invitation has lapsed ({@link InvitationLinks}).
     */
    private void sendInvitation(String userId, String address) {
        String query = "?client_id=" + KeycloakAdmin.encode(config.inviteClientId()) + "&redirect_uri="
                + KeycloakAdmin.encode(config.inviteRedirect()) + "&lifespan=" + config.inviteLifespan().toSeconds();
        links.hold(address);
        KeycloakAdmin.expect(keycloak.put("/users/" + userId + "/execute-actions-email" + query,
                List.of("UPDATE_PASSWORD")), "sending the invitation to " + address);
        links.sent(address);
    }

    @Override
    public void deleteOrganization(String tenantId) {
        removeCreatedOrganization(tenantId);
        usersWithTenantAttribute(tenantId).forEach(this::deleteUser);
        new KeycloakSso(keycloak, discovery).delete(tenantId);
    }

    @Override
    public void removeCreatedOrganization(String tenantId) {
        // looked up afresh: another app instance may have deleted the organization this one still has an id of
        // (a repeat of a deletion whose database step failed there) or made a new one for the same tenant id
        organizations.remove(tenantId);
        Optional<String> organization = organizationId(tenantId);
        if (organization.isPresent()) {
            memberNodes(organization.get()).forEach(this::deleteUser);
            delete("/organizations/" + organization.get(), "deleting organization " + tenantId);
            organizations.remove(tenantId);
        }
    }

    /**
     * The users who name the tenant by the {@code tenant} attribute of realms not yet moved to organizations
     * (tenant.TenantClaim still reads it): kept, they would be let into a new tenant given the same id. The
     * search ignores case, so a value that differs is left alone; a user shown without attributes matched.
     */
    private List<JsonNode> usersWithTenantAttribute(String tenantId) {
        String query = KeycloakAdmin.encode(TenantClaim.NAME + ":" + tenantId);
        return keycloak.readAll("/users?briefRepresentation=false&exact=true&q=" + query).stream().filter(user -> {
            JsonNode values = user.path("attributes").path(TenantClaim.NAME);
            return values.isMissingNode() || values.toString().contains("\"" + tenantId + "\"");
        }).toList();
    }

    /** Deletes the user, and with them their sessions. */
    private void deleteUser(JsonNode user) {
        delete("/users/" + user.path("id").asText(), "deleting user " + user.path("username").asText());
    }

    /** Deletes what {@code path} names; something already gone is no failure. */
    private void delete(String path, String step) {
        KeycloakAdmin.Answer gone = keycloak.delete(path, null);
        if (!gone.ok() && gone.status() != 404) {
            KeycloakAdmin.expect(gone, step);
        }
    }

    // --- TeamDirectory ----------------------------------------------------------------------------

    @Override
    public List<Member> members(String tenantId) {
        Optional<String> organization = organizationId(tenantId);
        if (organization.isEmpty()) {
            return List.of();
        }
        List<Member> members = new ArrayList<>();
        for (JsonNode node : memberNodes(organization.get())) {
            members.add(member(node, new KeycloakRoles(keycloak).of(node.path("id").asText())));
        }
        members.sort((a, b) -> a.user().compareTo(b.user()));
        return members;
    }

    @Override
    public Optional<Member> member(String tenantId, String user) {
        Optional<String> organization = organizationId(tenantId);
        if (organization.isEmpty()) {
            return Optional.empty();
        }
        JsonNode found = keycloak.read("/organizations/" + organization.get() + "/members?exact=true&search="
                + KeycloakAdmin.encode(user) + "&briefRepresentation=false");
        for (JsonNode node : found) {
            if (user.equals(node.path("username").asText())) {
                return Optional.of(member(node, new KeycloakRoles(keycloak).of(node.path("id").asText())));
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean emailTaken(String email) {
        JsonNode found = keycloak.read("/users?exact=true&briefRepresentation=true&email="
                + KeycloakAdmin.encode(email.toLowerCase(Locale.ROOT)));
        return found.size() > 0;
    }

    /** Keycloak's {@code email} search matches a part of the address; only those ending in @domain count. */
    @Override
    public List<String> emailsAt(String domain) {
        String suffix = "@" + domain.toLowerCase(Locale.ROOT);
        return keycloak.readAll("/users?briefRepresentation=true&email=" + KeycloakAdmin.encode(suffix)).stream()
                .map(user -> user.path("email").asText("").toLowerCase(Locale.ROOT))
                .filter(email -> email.endsWith(suffix)).toList();
    }

    @Override
    public Optional<String> tenantOfDomain(String domain) {
        String wanted = domain.toLowerCase(Locale.ROOT);
        JsonNode found = keycloak.read("/organizations?exact=true&briefRepresentation=false&search="
                + KeycloakAdmin.encode(wanted));
        for (JsonNode organization : found) {
            for (JsonNode claimed : organization.path("domains")) {
                if (wanted.equals(claimed.path("name").asText().toLowerCase(Locale.ROOT))) {
                    return Optional.of(organization.path("alias").asText());
                }
            }
        }
        return Optional.empty();
    }

    /** {@link KeycloakRoles#set}: 409 for a member who holds another role through a Keycloak group. */
    @Override
    public void setRole(Member member, String role) {
        new KeycloakRoles(keycloak).set(member, role);
    }

    @Override
    public List<String> rolesGiven(String role) {
        return new KeycloakRoles(keycloak).given(role);
    }

    /** Disabling is two calls (the user, then their sessions); when the second fails, the first is undone. */
    @Override
    public void setEnabled(Member member, boolean enabled) {
        String path = "/users/" + member.id();
        ObjectNode user = (ObjectNode) keycloak.read(path);
        KeycloakAdmin.expect(keycloak.put(path, user.deepCopy().put("enabled", enabled)),
                (enabled ? "enabling " : "disabling ") + member.user());
        if (enabled) {
            return;
        }
        try {
            KeycloakAdmin.expect(keycloak.post(path + "/logout", null), "ending the sessions of " + member.user());
        } catch (RuntimeException e) {
            TeamDirectory.undo(e, () -> KeycloakAdmin.expect(keycloak.put(path, user),
                    "enabling " + member.user() + " again"));
            throw e;
        }
    }

    @Override
    public Optional<SsoConnection> sso(String tenantId) {
        return new KeycloakSso(keycloak, discovery).find(tenantId);
    }

    @Override
    public void connectSso(String tenantId, String issuer, String clientId, String clientSecret, String domain,
            AddressCheck addresses) {
        String organization = organizationId(tenantId)
                .orElseThrow(() -> noOrganization(tenantId));
        new KeycloakSso(keycloak, discovery).connect(tenantId, organization, new KeycloakSso.Provider(issuer, clientId,
                clientSecret, domain), addresses);
    }

    // --- helpers -----------------------------------------------------------------------------------

    /**
     * The id of the organization whose alias is {@code tenantId}, if Keycloak has one. Keycloak's
     * {@code search} matches names and domains, never the alias (a tenant "acme-eu" named "Acme
     * Europe" is not found by it); its {@code q=alias:…} matches the alias exactly. Should a Keycloak
     * not answer that query, every organization is read, page by page.
     */
    public Optional<String> organizationId(String tenantId) {
        Known known = organizations.get(tenantId);
        if (known != null && known.fresh()) {
            return Optional.of(known.id());
        }
        Optional<String> found = organizationWithAlias(tenantId, "&q=" + KeycloakAdmin.encode("alias:" + tenantId))
                .or(() -> organizationWithAlias(tenantId, ""));
        found.ifPresentOrElse(id -> organizations.put(tenantId, new Known(id)), () -> organizations.remove(tenantId));
        return found;
    }

    private Optional<String> organizationWithAlias(String alias, String filter) {
        for (int first = 0;; first += PAGE) {
            JsonNode page = keycloak.read("/organizations?briefRepresentation=true&first=" + first + "&max=" + PAGE
                    + filter);
            for (JsonNode organization : page) {
                if (alias.equals(organization.path("alias").asText())) {
                    return Optional.of(organization.path("id").asText());
                }
            }
            if (page.size() < PAGE) {
                return Optional.empty();
            }
        }
    }

    private List<JsonNode> memberNodes(String organization) {
        return keycloak.readAll("/organizations/" + organization + "/members?briefRepresentation=false");
    }

    private static Member member(JsonNode node, List<String> roles) {
        String first = node.path("firstName").asText("");
        String last = node.path("lastName").asText("");
        String name = (first + " " + last).strip();
        String username = node.path("username").asText();
        // an invitation's link marks the address verified once used; invitees are created unverified
        boolean invited = node.has("emailVerified") && !node.path("emailVerified").asBoolean();
        return new Member(node.path("id").asText(), username, name.isEmpty() ? username : name,
                node.path("email").asText(null), roles, node.path("enabled").asBoolean(false), invited);
    }

    @Override
    public void requireOrganization(String tenantId) {
        organizationId(tenantId).orElseThrow(() -> noOrganization(tenantId));
    }

    /** 409: the tenant has no organization in Keycloak (deleted in its console, or never moved to one). */
    static TeamRefusal noOrganization(String tenantId) {
        LOG.errorf("Keycloak has no organization %s", tenantId);
        return TeamRefusal.conflict("Your organisation is missing in the sign-in service, so nobody can be invited"
                + " or sign in through it; nothing was changed. Contact support.");
    }
}
