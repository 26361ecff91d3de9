package dev.bellwether.team;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.FieldError;
import dev.bellwether.tenant.IdentityDirectory;

/**
 * Inviting someone into a tenant, sending an invitation again, and withdrawing one. Whether an address
 * already belongs to another organisation is never told to the inviting admin (it would reveal that the
 * organisation exists and who is in it): such an invitation is held ({@link HeldInvitation}), listed and
 * answered exactly as one the identity provider sent, and only the person at the address learns why, by
 * email ({@link InvitationNotice}). Changes are audited and take turns with the tenant's other team changes.
 */
@ApplicationScoped
public class Invitations {

    /** How the audit log's summaries of an invitation sent, first or again, begin. */
    private static final String INVITED = "Invited ";
    private static final String SENT_AGAIN = "Sent the invitation of ";

    /** What an invitation did: sent the first time, or sent again to someone who has not used it yet. */
    public enum Outcome {
        SENT, SENT_AGAIN
    }

    @Inject
    Team team;

    @Inject
    TeamDirectory directory;

    @Inject
    HeldInvitationRepository held;

    @Inject
    InvitationNotice notice;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    LapsedInvitations lapsed;

    /**
     * How many invitation emails (first or again) one address may be sent in an hour, from one organisation; 0 (or
     * less) for no limit.
     */
    @ConfigProperty(name = "bellwether.team.invitations-per-hour")
    int perHour;

    /** The address as invited (lower-cased) and what was done. */
    public record Invited(String email, String role, Outcome outcome) {
    }

    /** What is wrong with an invitation of {@code email} as {@code role}, every problem; empty when nothing. */
    public static List<FieldError> problems(String email, String role) {
        List<FieldError> errors = new ArrayList<>();
        String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (!SignInAddress.valid(address)) {
            errors.add(new FieldError("email", "Enter an email address such as name@company.com ("
                    + SignInAddress.fault(address) + ")"));
        }
        if (!Roles.known(role)) {
            errors.add(new FieldError("role", "Choose a role: admin, executive or csm"));
        }
        return errors;
    }

    /**
     * Invites {@code email} with {@code role}: 422 for a malformed address or an unknown role, 409 when the
     * address is already a member who signs in. Someone invited before who has not used the invitation is
     * sent it again, with {@code role}.
     */
    @Transactional
    public Invited invite(String tenant, Team.Actor actor, String email, String role) {
        List<FieldError> errors = problems(email, role);
        if (!errors.isEmpty()) {
            throw TeamRefusal.invalid(errors);
        }
        String address = email.strip().toLowerCase(Locale.ROOT);
        List<Member> members = team.lockAsAdmin(tenant, actor);
        Optional<Member> known = invitee(members, address);
        // a member's login name may be an address other than theirs (the company's sign-in, an address changed)
        // the actor signs in, whatever Keycloak says of their address (changed, so unverified again)
        if (known.isPresent() && (!known.get().invited() || known.get().user().equals(actor.user()))
                || known.isEmpty() && members.stream().anyMatch(m -> address.equals(m.user()))) {
            throw TeamRefusal.conflict(address + " is already a member of your team.");
        }
        paced(address);
        if (known.isPresent()) {
            sendAgain(tenant, actor, known.get(), role);
            return new Invited(address, role, Outcome.SENT_AGAIN);
        }
        audit.append(new AuditLog.Entry(actor.user(), actor.name(), AuditKind.TEAM, address,
                INVITED + address + " as " + role, List.of(new AuditDiff.Change("role", null, role))));
        send(tenant, actor, address, role, null);
        return new Invited(address, role, Outcome.SENT);
    }

    /** Withdraws the invitation of {@code email}: 404 when nobody of the tenant has it, 409 once it is used. */
    @Transactional
    public void withdraw(String tenant, Team.Actor actor, String email) {
        String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        Member member = invitee(team.lockAsAdmin(tenant, actor), address).orElseThrow(TeamRefusal::notFound);
        if (!member.invited()) {
            throw TeamRefusal.invitationUsed(address, member.enabled());
        }
        audit.append(new AuditLog.Entry(actor.user(), actor.name(), AuditKind.TEAM, address,
                "Withdrew the invitation of " + address, List.of(new AuditDiff.Change("role", member.role(), null))));
        // a held invitation from before may sit behind one the identity provider has (the operator's, say): it goes
        // too, or it would be listed as the invitation once the other is gone
        held.deleteById(address);
        if (!member.held()) {
            directory.withdraw(member);
        }
    }

    /**
     * Refuses (429) a {@link #perHour}th invitation email to {@code address} within an hour, so that resending, or
     * withdrawing and inviting again, cannot flood someone's inbox; says when the next one can go.
     */
    private void paced(String address) {
        Instant now = Instant.now(clock);
        List<Instant> sent = audit.recordedSince(AuditKind.TEAM, address, now.minus(Duration.ofHours(1)),
                List.of(INVITED + address + " as ", SENT_AGAIN + address + " again"));
        if (perHour > 0 && sent.size() >= perHour) {
            long minutes = Math.max(1, (Duration.between(now, sent.get(perHour - 1).plus(Duration.ofHours(1)))
                    .getSeconds() + 59) / 60);
            throw TeamRefusal.tooMany(address + " was sent an invitation " + sent.size()
                    + " times in the last hour, which is as many as an hour allows: nothing was sent. Send it again in "
                    + minutes + (minutes == 1 ? " minute." : " minutes."));
        }
    }

    /** The tenant's member whose address is {@code address}, held invitations included. */
    private static Optional<Member> invitee(List<Member> members, String address) {
        return members.stream().filter(m -> address.equals(m.email())).findFirst();
    }

    private void sendAgain(String tenant, Team.Actor actor, Member member, String role) {
        String address = member.email();
        if (!member.enabled()) {
            // Keycloak sends no email to a disabled user: held or not, the answer is the same
            throw TeamRefusal.conflict(address + " is disabled: enable them before sending the invitation again.");
        }
        boolean roleChanges = directory.changesRole(member, role);
        audit.append(new AuditLog.Entry(actor.user(), actor.name(), AuditKind.TEAM, address,
                SENT_AGAIN + address + " again" + (roleChanges ? ", as " + role : ""),
                roleChanges ? List.of(new AuditDiff.Change("role", member.role(), role)) : List.of()));
        if (member.held()) {
            HeldInvitation row = held.findById(address);
            // the address may have become free since: the next attempt goes to the identity provider
            held.delete(row);
            held.flush();
            send(tenant, actor, address, role, row);
        } else {
            if (roleChanges) {
                directory.setRole(member, role);
            }
            try {
                directory.resend(member);
            } catch (RuntimeException e) {
                if (roleChanges) {
                    TeamDirectory.undo(e, () -> directory.putRoleBack(member));
                }
                throw e;
            }
        }
    }

    /**
     * Sends a new invitation through the identity provider, or holds it when the address is another
     * organisation's; {@code was} is the held row being sent again (its status and date are kept).
     */
    private void send(String tenant, Team.Actor actor, String address, String role, HeldInvitation was) {
        Optional<InvitationNotice.Reason> reason = blocked(tenant, address);
        if (reason.isEmpty()) {
            try {
                directory.invite(tenant, address, role);
                return;
            } catch (IdentityDirectory.Taken e) {
                reason = Optional.of(takenElsewhere(address)); // since the check above
            }
        }
        HeldInvitation row = new HeldInvitation();
        row.email = address;
        row.role = role;
        row.enabled = was == null || was.enabled;
        row.invitedAt = was == null ? Instant.now(clock) : was.invitedAt;
        row.invitedBy = actor.user();
        held.persist(row);
        held.flush();
        notice.send(tenant, actor, address, role, reason.get());
    }

    /**
     * Why the identity provider cannot take an invitation of {@code address}, if it cannot. Another organisation's
     * invitation of the address that has lapsed unused gives way ({@link LapsedInvitations}).
     */
    private Optional<InvitationNotice.Reason> blocked(String tenant, String address) {
        Optional<InvitationNotice.Reason> claimed = SignInAddress.claimedElsewhere(address, tenant,
                directory::tenantOfDomain).map(refusal -> InvitationNotice.Reason.DOMAIN_ELSEWHERE);
        // a lapsed invitation gives way only when the address could be this organisation's then
        if (directory.emailTaken(address) && (claimed.isPresent() || !lapsed.free(address))) {
            return Optional.of(claimed.isPresent() ? InvitationNotice.Reason.SIGNS_IN_ELSEWHERE
                    : takenElsewhere(address));
        }
        return claimed;
    }

    /**
     * Why an address another organisation has cannot be invited: someone signs in with it, or that organisation's
     * invitation of it is still open (it lapses unused, then gives way: the person is not told to leave an
     * organisation they never joined).
     */
    private InvitationNotice.Reason takenElsewhere(String address) {
        return directory.unusedInvitation(address).isPresent() ? InvitationNotice.Reason.PENDING_ELSEWHERE
                : InvitationNotice.Reason.SIGNS_IN_ELSEWHERE;
    }
}
