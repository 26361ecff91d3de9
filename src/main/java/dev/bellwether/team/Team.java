package dev.bellwether.team;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.notify.UserDirectory;
import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.sql.TransactionLocks;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantRegistry;
import dev.bellwether.workspace.TaskHandover;

/**
 * A tenant's team: who is in it, changing a member's role, disabling and enabling a member, and the
 * company's own sign-in (invitations are {@link Invitations}). The rules live here; the people live in
 * the identity provider ({@link TeamDirectory}), or in {@link HeldInvitation} for an invitation held.
 * Every change is audited in the same transaction that then calls the directory, so a refused or
 * failed call leaves no audit entry, and team changes of one tenant take turns (an advisory lock), so
 * two admins cannot demote each other at once and leave nobody.
 */
@ApplicationScoped
public class Team {

    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)" + SignInAddress.DOMAIN);
    private static final String DOMAIN_RULE = "Enter your email domain, such as example.com";

    /** Who acts: login name and full name, for the audit log. */
    public record Actor(String user, String name) {
    }

    /** A requested change of a member: either part may be absent. */
    public record Change(String role, Boolean enabled) {
    }

    @Inject
    TeamDirectory directory;

    @Inject
    AuditLog audit;

    @Inject
    UserDirectory users;

    @Inject
    EntityManager em;

    @Inject
    TenantRegistry registry;

    @Inject
    DomainProof proof;

    @Inject
    HeldInvitationRepository held;

    @Inject
    TaskHandover handover;

    @Inject
    LapsedInvitations lapsedInvitations;

    /** Whether an issuer may be plain http on this machine (the end-to-end suite's second realm; dev). */
    @ConfigProperty(name = "bellwether.sso.allow-local-http-issuer", defaultValue = "false")
    boolean httpLocalIssuers;

    /**
     * The tenant's members by login name, with the invitations held for another organisation's addresses (one
     * whose address has since joined the tenant otherwise, through its own sign-in, is not listed twice).
     */
    public List<Member> members(String tenant) {
        List<Member> members = new ArrayList<>(directory.members(tenant));
        Set<String> addresses = members.stream().map(Member::email).collect(Collectors.toSet());
        // listed as an invitation the identity provider took is: with the roles someone given the role holds there
        Map<String, List<String>> given = new HashMap<>();
        held.members(tenant, role -> given.computeIfAbsent(role, directory::rolesGiven)).stream()
                .filter(m -> !addresses.contains(m.email())).forEach(members::add);
        members.sort(Comparator.comparing(Member::user));
        return members;
    }

    /** The member or invited person {@code user} (any case), as the team list shows them; empty when not here. */
    public Optional<Member> member(String tenant, String user) {
        String name = user == null ? "" : user.toLowerCase(Locale.ROOT);
        return members(tenant).stream().filter(m -> m.user().equals(name)).findFirst();
    }

    /**
     * Hands every open task of member {@code user} to {@code to}, the address of an enabled CSM or admin who has
     * signed in (the roles that work tasks); how many tasks moved. 404 for someone not in the tenant, 422 for
     * someone who cannot take them.
     */
    @Transactional
    public int handOver(String tenant, Actor actor, String user, String to) {
        List<Member> members = lockAsAdmin(tenant, actor);
        String name = user == null ? "" : user.toLowerCase(Locale.ROOT);
        Member member = members.stream().filter(m -> m.user().equals(name)).findFirst()
                .orElseThrow(TeamRefusal::notFound);
        String address = to == null ? "" : to.strip().toLowerCase(Locale.ROOT);
        Member taker = members.stream().filter(m -> address.equals(m.email()) && m.takesTasks()).findFirst()
                .orElse(null);
        if (taker == null || taker.equals(member)) {
            throw TeamRefusal.invalid(List.of(new FieldError("to", taker == null
                    ? "Choose an enabled CSM or admin of the team to take the open tasks"
                    : "Choose someone other than " + member.name() + " to take their open tasks")));
        }
        return member.email() == null ? 0 : handover.handOver(member.email(), taker.email());
    }

    /** What is wrong with {@code change} itself, every problem; empty when nothing. */
    public static List<FieldError> problems(Change change) {
        List<FieldError> errors = new ArrayList<>();
        if (change.role() == null && change.enabled() == null) {
            errors.add(new FieldError("role", "Send a role, enabled, or both"));
        }
        if (change.role() != null && !Roles.known(change.role())) {
            errors.add(new FieldError("role", "Choose a role: admin, executive or csm"));
        }
        return errors;
    }

    /** A member as they are after a change, and whether it changed anything (the role chosen may be theirs). */
    public record Changed(Member member, boolean any) {
    }

    /** Changes the member's role and/or whether they may sign in; returns the member as they are now. */
    @Transactional
    public Changed change(String tenant, Actor actor, String user, Change change) {
        List<FieldError> errors = problems(change);
        if (!errors.isEmpty()) {
            throw TeamRefusal.invalid(errors);
        }
        List<Member> members = lockAsAdmin(tenant, actor);
        // Keycloak keeps user names in lower case: /team/New@X.com is the invitee new@x.com
        String name = user == null ? "" : user.toLowerCase(Locale.ROOT);
        Member member = members.stream().filter(m -> m.user().equals(name)).findFirst()
                .orElseThrow(TeamRefusal::notFound);
        boolean demoted = change.role() != null && !CurrentUser.ADMIN.equals(change.role());
        boolean disabled = Boolean.FALSE.equals(change.enabled());
        // an admin who has not used their invitation yet cannot sign in, so does not count; the actor does, signed
        // in though Keycloak marks their address unverified again (they changed it in their account console)
        java.util.function.Predicate<Member> signsIn = m -> m.isActiveAdmin()
                || !m.held() && m.user().equals(actor.user()) && m.isAdmin() && m.enabled();
        if (signsIn.test(member) && (demoted || disabled) && members.stream().filter(signsIn).count() == 1) {
            throw TeamRefusal.conflict(member.name() + " is the last enabled admin who can sign in: make someone"
                    + " else admin first (an admin who has not used their invitation yet does not count).");
        }
        boolean off = disabled && member.enabled();
        if (member.user().equals(actor.user()) && (off || demoted && member.isAdmin())) {
            // one click would sign them out for good, or take Administration away, with nobody asked: another admin
            throw TeamRefusal.conflict("You cannot " + (off ? "switch yourself off" : "take away your own admin role")
                    + ": ask another admin of your organisation.");
        }
        boolean roleChanges = change.role() != null && directory.changesRole(member, change.role());
        boolean enabledChanges = change.enabled() != null && change.enabled() != member.enabled();
        List<AuditDiff.Change> changes = new ArrayList<>();
        if (roleChanges) {
            changes.add(new AuditDiff.Change("role", String.join(", ", member.roles()), change.role()));
        }
        if (enabledChanges) {
            changes.add(new AuditDiff.Change("enabled", String.valueOf(member.enabled()),
                    String.valueOf(change.enabled())));
        }
        if (changes.isEmpty()) {
            return new Changed(member, false);
        }
        // read before anything is written: a read failing after Keycloak took the change would lose its audit
        List<String> roles = roleChanges ? directory.rolesGiven(change.role()) : member.roles();
        audit.append(new AuditLog.Entry(actor.user(), actor.name(), AuditKind.TEAM, member.user(),
                summary(member, changes), changes));
        if (member.held()) {
            HeldInvitation row = held.findById(member.email());
            row.role = roleChanges ? change.role() : row.role;
            row.enabled = enabledChanges ? change.enabled() : row.enabled;
            return new Changed(row.member(role -> roles), true);
        }
        if (enabledChanges) {
            // a leaver gets no more digests or alert emails, one back gets them again; before Keycloak is changed
            // (their role too), so that a wait on the database (a digest run holding their row) cannot fail the
            // commit after Keycloak took it
            if (disabled) {
                users.forget(tenant, member.user());
            } else {
                users.restore(tenant, member.user());
            }
        }
        if (roleChanges) {
            users.changeRole(tenant, member.user(), change.role());
            directory.setRole(member, change.role());
        }
        if (enabledChanges) {
            try {
                directory.setEnabled(member, change.enabled());
            } catch (RuntimeException e) {
                if (roleChanges) {
                    TeamDirectory.undo(e, () -> directory.putRoleBack(member));
                }
                throw e;
            }
        }
        return new Changed(new Member(member.id(), member.user(), member.name(), member.email(), roles,
                enabledChanges ? change.enabled() : member.enabled(), member.invited()), true);
    }

    /** The tenant's own sign-in provider, if connected. */
    public Optional<SsoConnection> sso(String tenant) {
        return directory.sso(tenant);
    }

    /** What an admin types to connect their company's OpenID Connect provider. */
    public record SsoRequest(String issuer, String clientId, String clientSecret, String domain,
            List<FieldError> unknown) {

        public SsoRequest(String issuer, String clientId, String clientSecret, String domain) {
            this(issuer, clientId, clientSecret, domain, List.of());
        }
    }

    /**
     * Connects the tenant's own OpenID Connect provider for the email domain: 422 naming the fields at
     * fault (an issuer that is not an https address or is on a private network, a domain not proven by
     * its DNS record or connected to another tenant), 503 when DNS does not answer; nothing written.
     */
    @Transactional
    public SsoConnection connectSso(String tenant, Actor actor, SsoRequest request) {
        // fields the call does not take are named with every other problem, not alone
        List<FieldError> errors = new ArrayList<>(request.unknown());
        String issuer = request.issuer() == null ? "" : request.issuer().strip();
        String domain = request.domain() == null ? "" : request.domain().strip().toLowerCase(Locale.ROOT);
        IssuerAddress.problem(issuer, httpLocalIssuers, proof::addresses)
                .ifPresent(problem -> errors.add(new FieldError("issuer", problem)));
        if (request.clientId() == null || request.clientId().isBlank() || request.clientId().length() > 255) {
            errors.add(new FieldError("clientId", "Enter the client id Bellwether has at your provider"));
        }
        if (request.clientSecret() == null || request.clientSecret().isBlank()
                || request.clientSecret().length() > 2048) {
            errors.add(new FieldError("clientSecret", "Enter that client's secret"));
        }
        DomainProof.Outcome proven = DomainProof.Outcome.PROVEN;
        List<String> giveWay = new ArrayList<>();
        if (!DOMAIN.matcher(domain).matches()) {
            errors.add(new FieldError("domain", DOMAIN_RULE));
        } else {
            Optional<String> owner = directory.tenantOfDomain(domain);
            // a domain already this tenant's (the operator's, or proven before) needs no new proof;
            // whether another tenant has it is said only to whoever proves they control it
            if (!owner.filter(tenant::equals).isPresent()) {
                String prover = proofOwner(tenant);
                proven = proof.check(prover, domain);
                if (proven == DomainProof.Outcome.MISSING) {
                    errors.add(new FieldError("domain", proofMissing(prover, domain)));
                } else if (proven == DomainProof.Outcome.UNANSWERED) {
                    errors.add(new FieldError("domain", "DNS did not answer when we looked for the record "
                            + DomainProof.recordName(domain) + ": try again in a minute"));
                } else if (owner.isPresent()) {
                    errors.add(new FieldError("domain", domain + " is connected to another Bellwether organisation;"
                            + " if that one is yours too, ask us to move it"));
                } else {
                    // someone at the domain who belongs to another organisation would, once the domain's
                    // sign-in brings them in, be a member of two: their role would count in both (an invitation
                    // there that lapsed unused is nobody's yet: it gives way, as it would to an invitation)
                    Set<String> ours = directory.members(tenant).stream().map(Member::email)
                            .collect(Collectors.toSet());
                    List<String> others = directory.emailsAt(domain).stream().filter(e -> !ours.contains(e)).toList();
                    others.stream().filter(a -> lapsedInvitations.lapsed(a).isPresent()).forEach(giveWay::add);
                    long elsewhere = others.size() - giveWay.size();
                    if (elsewhere > 0) {
                        errors.add(elsewhere(domain, elsewhere));
                    }
                }
            }
        }
        if (errors.size() == 1 && proven == DomainProof.Outcome.UNANSWERED) {
            throw TeamRefusal.unavailable("DNS did not answer when we looked for "
                    + DomainProof.recordName(domain) + "; nothing was changed. Try again in a minute.");
        }
        if (!errors.isEmpty()) {
            throw TeamRefusal.invalid(errors);
        }
        lockAsAdmin(tenant, actor);
        // the lapsed invitations give way first, each address held until this transaction ends: the identity
        // provider failing then leaves nothing connected (it failed after connecting, and a retry, the domain now
        // ours, never withdrew them); one resent or used meanwhile is the address's again, and refuses the domain
        if (!giveWay.isEmpty()) {
            Set<String> there = Set.copyOf(directory.emailsAt(domain));
            long taken = giveWay.stream().filter(a -> !lapsedInvitations.free(a) && there.contains(a)).count();
            if (taken > 0) {
                throw TeamRefusal.invalid(List.of(elsewhere(domain, taken)));
            }
        }
        // each field that changed, from what it was: a reconnect that moves the domain releases the old one
        Optional<SsoConnection> before = directory.sso(tenant);
        List<AuditDiff.Change> changes = new ArrayList<>();
        changed(changes, "issuer", before.map(SsoConnection::issuer), issuer);
        changed(changes, "clientId", before.map(SsoConnection::clientId), request.clientId().strip());
        changed(changes, "domain", before.map(SsoConnection::domain), domain);
        audit.append(new AuditLog.Entry(actor.user(), actor.name(), AuditKind.SSO, domain,
                "Connected sign-in for " + domain + " to " + issuer, changes));
        directory.connectSso(tenant, issuer, request.clientId().strip(), request.clientSecret(), domain,
                url -> IssuerAddress.endpointProblem(url, httpLocalIssuers, proof::addresses));
        return new SsoConnection("sso-" + tenant, issuer, request.clientId().strip(), domain);
    }

    /** {@code count} people at {@code domain} belong to another organisation: the domain cannot be connected. */
    private static FieldError elsewhere(String domain, long count) {
        return new FieldError("domain", count + (count == 1 ? " person" : " people") + " at " + domain
                + (count == 1 ? " signs in to or is" : " sign in to or are") + " invited by another Bellwether"
                + " organisation; until they leave it (or an unused invitation lapses), " + domain + " cannot be"
                + " connected to yours (ask us)");
    }

    /** Notes {@code field}'s change, when it changes: from what it {@code was} (nothing at a first connection). */
    private static void changed(List<AuditDiff.Change> changes, String field, Optional<String> was, String now) {
        if (!was.equals(Optional.of(now))) {
            changes.add(new AuditDiff.Change(field, was.orElse(null), now));
        }
    }

    /** The record that proves the tenant controls {@code domain}, or a 422 naming the domain as not valid. */
    public DomainProof.Record domainProof(String tenant, String domain) {
        String wanted = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(wanted).matches()) {
            throw TeamRefusal.invalid(List.of(new FieldError("domain", DOMAIN_RULE)));
        }
        return proof.expected(proofOwner(tenant), wanted);
    }

    /**
     * Whose proof a domain's record is: the tenant as created, its id and the moment it was created, so
     * a record left in DNS for a deleted tenant proves nothing for a new one given the same id.
     */
    private String proofOwner(String tenant) {
        Object created = em.createNativeQuery("select (extract(epoch from created_at) * 1000000)::bigint::text"
                + " from tenant where id = ?1").setParameter(1, tenant).getSingleResult();
        return tenant + "@" + created;
    }

    private String proofMissing(String prover, String domain) {
        DomainProof.Record record = proof.expected(prover, domain);
        return "Prove that " + domain + " is yours: at its DNS provider add a TXT record named " + record.name()
                + " with the value " + record.value() + ", then connect again (a new record can take a few"
                + " minutes to show)";
    }

    private static String summary(Member member, List<AuditDiff.Change> changes) {
        List<String> parts = new ArrayList<>();
        for (AuditDiff.Change c : changes) {
            parts.add(switch (c.field()) {
                case "role" -> "role " + c.before() + " → " + c.after();
                default -> "true".equals(c.after()) ? "enabled" : "disabled";
            });
        }
        return "Changed " + member.user() + ": " + String.join(", ", parts);
    }

    /** Team changes of one tenant take turns until the transaction ends. */
    public static void lock(EntityManager em, String tenant) {
        // keyed by the tenant named, not the connection's: the operator's connection names none
        TransactionLocks.hold(em, tenant, "bellwether.team:" + tenant);
    }

    /**
     * Takes the tenant's team lock and answers its members as they are now; 403 when {@code actor} is no longer
     * among them as an enabled admin. A session outlives a disable or a demotion by up to five minutes (the
     * access token's life): in that time it must not undo the change, nor lock out whoever made it. (The actor
     * is signed in, so whether Keycloak has marked their address verified does not matter here; an invitation held
     * for an address that is their login name is not them.) 409 instead when
     * the tenant's organization is missing in Keycloak; 403 (suspended, or unknown) when the tenant stopped being
     * active since the request was let in: a deletion suspends it under this lock before it lists the members it
     * deletes, and someone invited after that list would outlive the tenant in Keycloak.
     */
    List<Member> lockAsAdmin(String tenant, Actor actor) {
        lock(em, tenant);
        registry.admit(tenant);
        List<Member> members = members(tenant);
        if (members.stream().noneMatch(m -> !m.held() && m.user().equals(actor.user()) && m.isAdmin() && m.enabled())) {
            directory.requireOrganization(tenant); // no members at all because the organization is gone: 409
            throw TeamRefusal.noLongerAdmin();
        }
        return members;
    }
}
