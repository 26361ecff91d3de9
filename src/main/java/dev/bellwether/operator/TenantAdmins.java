package dev.bellwether.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.notify.UserDirectory;
import dev.bellwether.platform.FieldError;
import dev.bellwether.team.LapsedInvitations;
import dev.bellwether.team.Member;
import dev.bellwether.team.SignInAddress;
import dev.bellwether.team.Team;
import dev.bellwether.team.TeamDirectory;
import dev.bellwether.team.TeamRefusal;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantContext;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The operator gives a tenant an admin: for a new tenant whose first admin's invitation ran out, went to spam or
 * to a mistyped address, and for one whose admins have all left. An address not yet in the tenant is invited as
 * admin (as the first admin was); one invited and not signed up yet is made admin and sent the invitation again
 * with a fresh link; a member who signs in is made an enabled admin. Each takes the tenant's team lock, as the
 * team's own changes do, and goes in the platform log and the tenant's own. The operator still reads none of the
 * tenant's data.
 */
@ApplicationScoped
public class TenantAdmins {

    private static final Logger LOG = Logger.getLogger(TenantAdmins.class);

    /** What giving the admin took. */
    public enum Outcome {
        INVITED, SENT_AGAIN, MADE_ADMIN
    }

    /** The admin given: their address as stored (lower case), and what it took. */
    public record Given(String email, Outcome outcome) {
    }

    @Inject
    PlatformTenants tenants;

    @Inject
    TeamDirectory team;

    @Inject
    LapsedInvitations lapsed;

    @Inject
    PlatformAudit audit;

    @Inject
    EntityManager em;

    @Inject
    AuditLog tenantLog;

    @Inject
    UserDirectory users;

    /**
     * Makes {@code email} an admin of tenant {@code id}; empty when there is no such tenant. 422
     * ({@link InvalidTenant}) for an address one cannot sign in with or at a domain another organisation claims,
     * 409 for someone already an enabled admin who signs in, 502 when the identity provider fails.
     */
    public Optional<Given> give(String id, String email, String actor, String actorName) {
        String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (address.isEmpty() || address.length() > NewTenant.MAX_EMAIL || !SignInAddress.valid(address)) {
            throw new InvalidTenant(List.of(new FieldError("email", address.isEmpty() ? "email is required: the"
                    + " admin is invited there" : "email is not an address one can sign in with ("
                    + SignInAddress.fault(address) + ")")));
        }
        if (tenants.find(id).isEmpty()) {
            return Optional.empty();
        }
        refuseWhileDeleting(id);
        Outcome given;
        AtomicBoolean asked = new AtomicBoolean();
        AtomicReference<Change> planned = new AtomicReference<>();
        try {
            given = TenantContext.withoutTenant(() -> QuarkusTransaction.requiringNew().call(() -> {
                // a deletion's start takes this lock too: it waits for this change, or this one sees it started
                Team.lock(em, id);
                refuseWhileDeleting(id);
                Change change = directory("read the members of " + id, () -> plan(id, address));
                planned.set(change);
                // recorded before the identity provider acts: a write the database refuses changes nothing there
                audit.append(actor, actorName, PlatformAction.ADMIN_GIVEN, id, summary(change.outcome(), id, address),
                        Map.of("email", address, "outcome", change.outcome().name().toLowerCase(Locale.ROOT)));
                asked.set(true);
                directory("give " + address + " the admin role", () -> apply(id, address, change));
                return change.outcome();
            }));
        } catch (InvalidTenant | PlatformFailure e) {
            throw e;
        } catch (RuntimeException e) {
            // once the identity provider was asked, the commit's failure is said as it is: a repeat finishes it
            LOG.errorf(e, "Giving %s an admin, %s, failed in the database", id, address);
            throw new DatabaseFailure(!asked.get() ? "The database could not give " + id + " the admin " + address
                    + "; nothing was changed. Try again in a minute." : "The database failed while " + id + " was"
                    + " given " + address + " as an admin, and the platform log has no record of it; the identity"
                    + " provider may have made the change already. Give the admin again: a repeat sends the"
                    + " invitation again, or answers 409 when " + address + " is an enabled admin already.", e);
        }
        // the tenant's admins see it in their own log too, as they see a suspension, with what changed; and the
        // tenant's mail follows at once, as after the team page's own change (else only the directory's next sync)
        Member m = planned.get().member();
        List<AuditDiff.Change> changes = new ArrayList<>();
        if (m == null || planned.get().roleChanges()) {
            changes.add(new AuditDiff.Change("role", m == null || m.roles().isEmpty() ? null
                    : String.join(", ", m.roles()), CurrentUser.ADMIN));
        }
        if (m != null && !m.enabled()) {
            changes.add(new AuditDiff.Change("enabled", "false", "true"));
        }
        try {
            TenantContext.run(id, () -> QuarkusTransaction.requiringNew().run(() -> {
                if (m != null && !m.enabled()) {
                    users.restore(id, m.user());
                }
                if (m != null && planned.get().roleChanges()) {
                    users.changeRole(id, m.user(), CurrentUser.ADMIN);
                }
                tenantLog.append(new AuditLog.Entry(actor, actorName, AuditKind.TEAM, address, "The platform operator "
                        + tenantSummary(given, address), changes));
            }));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Gave %s an admin, %s, but could not write it in the tenant's own records (its log, who gets"
                    + " mail; the directory's next sync brings the mail in step)", id, address);
        }
        return Optional.of(new Given(address, given));
    }

    private static String tenantSummary(Outcome outcome, String address) {
        return switch (outcome) {
            case INVITED -> "invited " + address + " as admin";
            case SENT_AGAIN -> "made " + address + " admin and sent the invitation again";
            case MADE_ADMIN -> "made " + address + " an enabled admin";
        };
    }

    /** What giving the admin takes: {@code member} null for an address to invite. */
    private record Change(Outcome outcome, Member member, boolean roleChanges) {
    }

    private void refuseWhileDeleting(String id) {
        if (audit.unfinishedDeletions().contains(id)
                || audit.deletionsUnderWay(tenants.deleteTimeout().plusMinutes(5)).contains(id)) {
            throw new Refused(409, "Tenant " + id + " is being deleted, or its deletion did not finish: it gets no"
                    + " admin. Nothing was changed.");
        }
    }

    /** Decides what giving the admin takes, changing nothing: 422 or 409 when it cannot be given. */
    private Change plan(String id, String address) {
        List<Member> members = team.members(id);
        if (members.isEmpty()) {
            requireOrganization(id); // nobody at all, because the organization is gone: nothing can be given
        }
        Optional<Member> member = members.stream().filter(m -> address.equals(m.email())).findFirst();
        if (member.isEmpty()) {
            Optional<String> refusal = SignInAddress.claimedElsewhere(address, id, team::tenantOfDomain);
            if (refusal.isPresent()) {
                throw new InvalidTenant(List.of(new FieldError("email", refusal.get())));
            }
            return new Change(Outcome.INVITED, null, false);
        }
        Member m = member.get();
        if (m.isActiveAdmin()) {
            throw alreadyAdmin(id, address);
        }
        // one who reads as invited but signs in (they changed their address) is made admin: no invitation for them
        Outcome outcome = m.invited() && !team.signsIn(m) ? Outcome.SENT_AGAIN : Outcome.MADE_ADMIN;
        boolean roleChanges = team.changesRole(m, CurrentUser.ADMIN);
        if (outcome == Outcome.MADE_ADMIN && !roleChanges && m.enabled()) {
            // an enabled admin who reads as invited (Keycloak unverified a changed address) but signs in: nothing to do
            throw alreadyAdmin(id, address);
        }
        return new Change(outcome, m, roleChanges);
    }

    /** 409, in the operator's words, when the identity provider has no organization for the tenant. */
    private void requireOrganization(String id) {
        try {
            team.requireOrganization(id);
        } catch (TeamRefusal e) {
            throw new Refused(409, "Keycloak has no organization " + id + " (deleted in its console?), so " + id
                    + " gets no admin and nobody can sign in to it; nothing was changed. Create the organization"
                    + " there again with alias " + id + ", or delete the tenant.");
        }
    }

    private static Refused alreadyAdmin(String id, String address) {
        return new Refused(409, address + " is already an enabled admin of " + id + " who signs in: nothing was"
                + " changed.");
    }

    private Outcome apply(String id, String address, Change change) {
        Member m = change.member();
        if (m == null) {
            lapsed.free(address);
            team.invite(id, address, CurrentUser.ADMIN);
            return Outcome.INVITED;
        }
        if (change.roleChanges()) {
            team.setRole(m, CurrentUser.ADMIN);
        }
        try {
            if (!m.enabled()) {
                team.setEnabled(m, true);
            }
            if (change.outcome() == Outcome.SENT_AGAIN) {
                team.resend(m);
            }
        } catch (RuntimeException e) {
            // nothing half-made stays: the member is as they were (one role put back; several cannot be)
            if (!m.enabled()) {
                TeamDirectory.undo(e, () -> team.setEnabled(m, false));
            }
            if (change.roleChanges()) {
                TeamDirectory.undo(e, () -> team.putRoleBack(m));
            }
            throw e;
        }
        return change.outcome();
    }

    static String summary(Outcome outcome, String id, String address) {
        return switch (outcome) {
            case INVITED -> "Invited " + address + " as an admin of " + id;
            case SENT_AGAIN -> "Made " + address + " an admin of " + id + " and sent the invitation again";
            case MADE_ADMIN -> "Made " + address + " an enabled admin of " + id;
        };
    }

    /** Runs a step at the identity provider: its failure is a {@link DirectoryFailure} (502, or 409 when taken). */
    private static <T> T directory(String step, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (InvalidTenant | PlatformFailure e) {
            throw e;
        } catch (TeamRefusal e) {
            // the provider's state refuses it (a role given through a Keycloak group, no organization): trying
            // again cannot help
            throw new Refused(e.status(), e.getMessage());
        } catch (RuntimeException e) {
            throw new DirectoryFailure(step, e);
        }
    }

    /** What the tenant's state refuses, with its status: someone already an admin, a tenant being deleted. */
    static final class Refused extends PlatformFailure {

        private static final long serialVersionUID = 1L;

        private final int status;

        Refused(int status, String message) {
            super(message, null);
            this.status = status;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public String error() {
            return switch (status) {
                case 403 -> "forbidden";
                case 404 -> "not_found";
                case 409 -> "conflict";
                case 429 -> "too_many_requests";
                case 503 -> "service_unavailable";
                default -> "unprocessable_entity";
            };
        }
    }
}
