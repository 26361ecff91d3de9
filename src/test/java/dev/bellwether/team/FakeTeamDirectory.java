package dev.bellwether.team;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.bellwether.tenant.IdentityDirectory;
import io.quarkus.test.Mock;

/**
 * The identity provider's side of the team for {@code @QuarkusTest}, in memory: two tenants
 * ({@link #TENANT}, domain team-a.example, and {@link #OTHER}, team-b.example) with their people. The
 * real one ({@link KeycloakDirectory}) is exercised by the end-to-end suite against Keycloak.
 */
@Mock
@ApplicationScoped
public class FakeTeamDirectory implements TeamDirectory {

    public static final String TENANT = "team-a";
    public static final String OTHER = "team-b";

    /** Invitations sent: tenant, email, role. */
    public record Invitation(String tenant, String email, String role) {
    }

    private final Map<String, List<Member>> tenants = new ConcurrentHashMap<>();
    private final List<Invitation> invitations = new ArrayList<>();
    private final java.util.Set<String> signedUp = new java.util.HashSet<>();
    private final Map<String, SsoConnection> sso = new ConcurrentHashMap<>();
    /** Tenants whose organization was deleted in the identity provider ({@link #dropOrganization}). */
    private final java.util.Set<String> dropped = new java.util.HashSet<>();
    /** When the identity provider made each invitee, by id (now, for those invite() makes). */
    private final Map<String, Instant> created = new ConcurrentHashMap<>();

    public FakeTeamDirectory() {
        reset();
    }

    /** Back to the two tenants' starting people, no invitations. */
    public final synchronized void reset() {
        tenants.clear();
        adminIncludesCsm = false;
        invitations.clear();
        sso.clear();
        dropped.clear();
        signedUp.clear();
        created.clear();
        tenants.put(TENANT, new ArrayList<>(List.of(
                new Member("id-ada", "ada", "Ada Lovelace", "ada@team-a.example", List.of("admin"), true, false),
                new Member("id-cam", "cam", "Cam Okafor", "cam@team-a.example", List.of("csm"), true, false),
                new Member("id-eve", "eve", "Eve Moreau", "eve@team-a.example", List.of("executive"), true, false))));
        tenants.put(OTHER, new ArrayList<>(List.of(
                new Member("id-gia", "gia", "Gia Romano", "gia@team-b.example", List.of("csm"), true, false),
                new Member("id-gus", "gus", "Gus Lindqvist", "gus@team-b.example", List.of("admin"), true, false))));
    }

    /** Someone joins {@code tenant} (as SSO or an accepted invitation would bring them). */
    public synchronized void add(String tenant, Member member) {
        tenants.computeIfAbsent(tenant, t -> new ArrayList<>()).add(member);
    }

    /** Someone invited to {@code tenant} at {@code at}, who has not used the invitation. */
    public synchronized void addInvitee(String tenant, String email, String role, Instant at) {
        add(tenant, new Member("id-" + email, email, email, email, List.of(role), true, true));
        created.put("id-" + email, at);
    }

    /** Someone leaves {@code tenant} (their sign-in deleted at the identity provider). */
    public synchronized void remove(String tenant, String user) {
        tenants.getOrDefault(tenant, new ArrayList<>()).removeIf(m -> m.user().equals(user));
    }

    /** The tenant's organization is deleted in the identity provider (its people with it). */
    public synchronized void dropOrganization(String tenant) {
        tenants.remove(tenant);
        dropped.add(tenant);
    }

    @Override
    public synchronized void requireOrganization(String tenantId) {
        if (dropped.contains(tenantId)) {
            throw KeycloakDirectory.noOrganization(tenantId);
        }
    }

    public synchronized List<Invitation> invitations() {
        return List.copyOf(invitations);
    }

    @Override
    public synchronized List<Member> members(String tenantId) {
        return List.copyOf(tenants.getOrDefault(tenantId, List.of()));
    }

    @Override
    public synchronized boolean emailTaken(String email) {
        return tenants.values().stream().flatMap(List::stream).anyMatch(m -> email.equals(m.email()));
    }

    @Override
    public synchronized List<String> emailsAt(String domain) {
        return tenants.values().stream().flatMap(List::stream).map(Member::email)
                .filter(e -> e != null && e.endsWith("@" + domain)).toList();
    }

    @Override
    public Optional<String> tenantOfDomain(String domain) {
        return switch (domain) {
            case "team-a.example" -> Optional.of(TENANT);
            case "team-b.example" -> Optional.of(OTHER);
            default -> sso.values().stream().filter(c -> domain.equals(c.domain()))
                    .map(c -> c.alias().substring("sso-".length())).findFirst();
        };
    }

    @Override
    public synchronized void invite(String tenantId, String email, String role) {
        requireOrganization(tenantId); // as Keycloak has no organization to invite into
        boolean userName = tenants.values().stream().flatMap(List::stream).anyMatch(m -> email.equals(m.user()));
        if (email.startsWith("taken-") || userName) {
            // as Keycloak answers 409 when the address got a sign-in since Team's check
            throw new IdentityDirectory.Taken(email + " already has a Bellwether sign-in.");
        }
        invitations.add(new Invitation(tenantId, email, role));
        tenants.computeIfAbsent(tenantId, t -> new ArrayList<>())
                .add(new Member("id-" + email, email, email, email, rolesGiven(role), true, true));
        created.put("id-" + email, Instant.now());
    }

    /**
     * Sends the invitation again: recorded as another invitation, with the role the member has now; an
     * address starting with "unsendable-" fails as Keycloak does when its mail server refuses.
     */
    @Override
    public synchronized boolean signsIn(Member member) {
        return signedUp.contains(member.id());
    }

    /** Marks the member, who reads as invited, as one who signs in (a password set, then the address changed). */
    public synchronized void signedUp(String id) {
        signedUp.add(id);
    }

    @Override
    public synchronized void resend(Member member) {
        if (signsIn(member)) {
            throw TeamRefusal.conflict(member.email() + " has used the invitation and signs in: nothing was sent.");
        }
        if (member.email().startsWith("unsendable-")) {
            // as when Keycloak's SMTP server refuses the email
            throw new KeycloakAdmin.Unavailable("Keycloak refused sending the invitation to " + member.email(), null);
        }
        String tenant = tenantOf(member);
        Member now = tenants.get(tenant).stream().filter(m -> m.id().equals(member.id())).findFirst().orElseThrow();
        invitations.add(new Invitation(tenant, now.email(), now.role()));
    }

    @Override
    public synchronized void withdraw(Member member) {
        for (List<Member> members : tenants.values()) {
            members.removeIf(m -> m.id().equals(member.id()));
        }
    }

    @Override
    public synchronized Optional<Unused> unusedInvitation(String email) {
        return tenants.values().stream().flatMap(List::stream).filter(m -> email.equals(m.email()) && m.invited())
                .findFirst().map(m -> new Unused(m.id(), m.email(), created.getOrDefault(m.id(), Instant.now())));
    }

    @Override
    public synchronized void remove(Unused invitation) {
        if (invitation.email().startsWith("unremovable-")) {
            // as when Keycloak does not answer the deletion
            throw new KeycloakAdmin.Unavailable("Keycloak did not delete " + invitation.email(), null);
        }
        for (List<Member> members : tenants.values()) {
            members.removeIf(m -> m.id().equals(invitation.id()));
        }
    }

    private String tenantOf(Member member) {
        return tenants.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(m -> m.id().equals(member.id())))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    /** As Keycloak's calls do, each changes only its own part of the member as stored now. */
    @Override
    public synchronized void setRole(Member member, String role) {
        Member now = stored(member);
        replace(member, new Member(now.id(), now.user(), now.name(), now.email(),
                role == null ? List.of() : rolesGiven(role), now.enabled(), now.invited()));
    }

    /** Whether the realm's admin role includes csm, as a realm may have it (docs/team.md). */
    private volatile boolean adminIncludesCsm;

    /** The realm's admin role includes csm from now on (a method: the test holds a proxy, not this object). */
    public void adminIncludesCsm() {
        adminIncludesCsm = true;
    }

    @Override
    public List<String> rolesGiven(String role) {
        return adminIncludesCsm && role.equals("admin") ? List.of("admin", "csm") : List.of(role);
    }

    @Override
    public synchronized void setEnabled(Member member, boolean enabled) {
        Member now = stored(member);
        replace(member, new Member(now.id(), now.user(), now.name(), now.email(), now.roles(), enabled,
                now.invited()));
    }

    /** An admin changed the member's address in the identity provider's console; {@code verified} or not yet. */
    public synchronized void setEmail(Member member, String email, boolean verified) {
        Member now = stored(member);
        replace(member, new Member(now.id(), now.user(), now.name(), email, now.roles(), now.enabled(), !verified));
    }

    private Member stored(Member member) {
        return tenants.values().stream().flatMap(List::stream).filter(m -> m.id().equals(member.id())).findFirst()
                .orElse(member);
    }

    private void replace(Member old, Member now) {
        for (List<Member> members : tenants.values()) {
            members.replaceAll(m -> m.id().equals(old.id()) ? now : m);
        }
    }

    @Override
    public Optional<SsoConnection> sso(String tenantId) {
        return Optional.ofNullable(sso.get(tenantId));
    }

    @Override
    public void connectSso(String tenantId, String issuer, String clientId, String clientSecret, String domain,
            AddressCheck addresses) {
        sso.put(tenantId, new SsoConnection("sso-" + tenantId, issuer, clientId, domain));
    }
}
