package dev.bellwether.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Row;
import dev.bellwether.platform.sql.TransactionLocks;
import dev.bellwether.tenant.TenantContext;

/**
 * Who owns each KPI of the current tenant and how often they review it (issue 16). An owner is one of the
 * e-mails its accounts name as CSM, a KPI's owner already, or the admin who assigns: the team is not consulted, so
 * an owner named only in the data has no sign-in, and no digest tells them of an overdue review.
 * The next review is one cadence after the last one (or after the owner was assigned); a review
 * whose day has passed is overdue ({@link #overdue}, for the owners' digests).
 */
@ApplicationScoped
public class KpiOwners {

    /** A KPI's owner (null: none yet), cadence, last review and the next one (null without an owner). */
    public record Ownership(Kpi kpi, String owner, ReviewCadence cadence, LocalDate reviewedOn, LocalDate nextReview,
            boolean overdue) {
    }

    /**
     * What an admin sets for one KPI: {@code owner} (null: none) when {@code setOwner}, {@code cadence} unless it
     * is null, and {@code reviewed} records a review today. What is not set stays as it is, whoever set it.
     * {@code openedOwner} ("" for none) and {@code openedCadence} are what the form showed when opened (null: not
     * said): a field set over another value stored meanwhile is not saved.
     */
    public record Change(Kpi kpi, boolean setOwner, String owner, ReviewCadence cadence, boolean reviewed,
            String openedOwner, ReviewCadence openedCadence) {
    }

    /**
     * What a save did: how many KPIs changed or, when a field the admin changed had been changed by someone else since
     * the form was opened, a problem per such field ({@code o.<kpi>.owner} or {@code .cadence}), and nothing written.
     */
    public record Saved(int changed, List<FieldError> meanwhile) {
    }

    @Inject
    KpiOwnerRepository repository;

    @Inject
    Database database;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /**
     * Every KPI's ownership as of {@code today}, defaults filled in. Read with plain SQL: the executive
     * dashboard asks on every view, and a tenant-restricted Hibernate query is translated anew each
     * time (see {@link KpiTargets#all}).
     */
    public List<Ownership> all(LocalDate today) {
        return of(database.query("""
                select metric, owner_email, cadence, reviewed_on, owner_since, updated_at from kpi_owner
                where tenant_id = ?""", KpiOwners::row, TenantContext.require()), today);
    }

    /** A row of {@code kpi_owner} as read: metric, owner_email, cadence, reviewed_on, owner_since, updated_at. */
    static KpiOwner row(Row row) {
        KpiOwner owner = new KpiOwner();
        owner.metric = row.string("metric");
        owner.ownerEmail = row.string("owner_email");
        owner.cadence = row.string("cadence");
        owner.reviewedOn = row.localDate("reviewed_on");
        owner.ownerSince = row.localDate("owner_since");
        owner.updatedAt = row.instant("updated_at");
        return owner;
    }

    /** Every KPI's ownership as of {@code today} from the tenant's {@code stored} rows, defaults filled in. */
    static List<Ownership> of(List<KpiOwner> stored, LocalDate today) {
        Map<String, KpiOwner> rows = stored.stream().collect(Collectors.toMap(r -> r.metric, Function.identity()));
        List<Ownership> all = new ArrayList<>();
        for (Kpi kpi : Kpi.values()) {
            all.add(ownership(kpi, rows.get(kpi.key()), today));
        }
        return all;
    }

    /** The reviews whose day has passed, for the owners' digests. */
    public List<Ownership> overdue(LocalDate today) {
        return all(today).stream().filter(Ownership::overdue).toList();
    }

    static Ownership ownership(Kpi kpi, KpiOwner row, LocalDate today) {
        if (row == null) {
            return new Ownership(kpi, null, kpi.defaultCadence(), null, null, false);
        }
        ReviewCadence cadence = ReviewCadence.of(row.cadence).orElse(kpi.defaultCadence());
        // one cadence after the last review, or after the owner got the KPI if that is later (a new owner is
        // not overdue on their first day); a change of cadence alone moves neither. A row without the day
        // (written by hand) counts from its last review, else its last save.
        LocalDate since = row.ownerSince == null
                ? row.reviewedOn != null ? row.reviewedOn
                        : row.updatedAt == null ? today : row.updatedAt.atOffset(ZoneOffset.UTC).toLocalDate()
                : row.reviewedOn != null && row.reviewedOn.isAfter(row.ownerSince) ? row.reviewedOn : row.ownerSince;
        LocalDate next = row.ownerEmail == null ? null : cadence.after(since);
        return new Ownership(kpi, row.ownerEmail, cadence, row.reviewedOn, next, next != null && next.isBefore(today));
    }

    /**
     * The people who may own a KPI: the e-mails the tenant's accounts name as CSM (those that can be
     * addresses: 3 to 320 characters with an @), the current
     * owners and {@code current} (the admin assigning), lower case, in order.
     */
    @Transactional
    public List<String> members(String current) {
        TreeSet<String> members = new TreeSet<>(database.query("""
                select distinct lower(btrim(csm_email)) as email from account
                where length(lower(btrim(csm_email))) between 3 and 320 and position('@' in csm_email) > 0""",
                row -> row.string("email"))); // an owner is an address (kpi_owner's check), not "-" or "n/a"
        repository.listAll().stream().map(r -> r.ownerEmail).filter(Objects::nonNull).forEach(members::add);
        if (current != null && !current.isBlank()) {
            members.add(current.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(members);
    }

    /**
     * Applies the changes in one transaction, an audit entry per KPI that changed; or none when one was changed
     * meanwhile ({@link Change}).
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Saved set(List<Change> changes, LocalDate today, String actor, String actorName) {
        // saves take turns: two admins setting a KPI's first owner at once do not collide on its key
        TransactionLocks.hold(repository.getEntityManager(), "bellwether.kpi-owners:" + TenantContext.require());
        List<FieldError> meanwhile = new ArrayList<>();
        for (Change change : changes) {
            Ownership before = ownership(change.kpi(), repository.findByIdOptional(change.kpi().key()).orElse(null),
                    today);
            meanwhile.addAll(changedMeanwhile(change, before));
        }
        if (!meanwhile.isEmpty()) {
            return new Saved(0, meanwhile);
        }
        int changed = 0;
        for (Change change : changes) {
            KpiOwner row = repository.findByIdOptional(change.kpi().key()).orElse(null);
            Ownership before = ownership(change.kpi(), row, today);
            String owner = change.setOwner() ? change.owner() : before.owner();
            ReviewCadence cadence = change.cadence() != null ? change.cadence() : before.cadence();
            boolean same = Objects.equals(before.owner(), owner) && before.cadence() == cadence;
            if (same && !change.reviewed()) {
                continue;
            }
            if (row == null) {
                row = new KpiOwner();
                row.metric = change.kpi().key();
            }
            if (!Objects.equals(before.owner(), owner)) {
                row.ownerSince = owner == null ? null : today;
            }
            row.ownerEmail = owner;
            row.cadence = cadence.key();
            if (change.reviewed()) {
                row.reviewedOn = today;
            }
            row.updatedAt = clock.instant();
            row.updatedBy = actor;
            repository.persistAndFlush(row);
            changed++;
            List<AuditDiff.Change> diff = new ArrayList<>();
            if (!Objects.equals(before.owner(), owner)) {
                diff.add(new AuditDiff.Change("owner", before.owner() == null ? "none" : before.owner(),
                        owner == null ? "none" : owner));
            }
            if (before.cadence() != cadence) {
                diff.add(new AuditDiff.Change("review cadence", before.cadence().key(), cadence.key()));
            }
            if (change.reviewed()) {
                diff.add(new AuditDiff.Change("reviewed on", before.reviewedOn() == null ? "never"
                        : before.reviewedOn().toString(), today.toString()));
            }
            audit.append(new AuditLog.Entry(actor, actorName, AuditKind.TARGET, change.kpi().key(),
                    change.kpi().label() + " " + summary(diff), diff));
        }
        return new Saved(changed, List.of());
    }

    /** The fields of {@code change} set over a value someone else stored after its form was opened. */
    private static List<FieldError> changedMeanwhile(Change change, Ownership before) {
        List<FieldError> problems = new ArrayList<>();
        String prefix = "o." + change.kpi().key() + ".";
        String again = " after you opened the page. Your choice is still in the form: save again to replace theirs.";
        if (change.setOwner() && change.openedOwner() != null && !Objects.equals(before.owner(), change.owner())
                && !Objects.equals(change.openedOwner().isEmpty() ? null : change.openedOwner(), before.owner())) {
            problems.add(new FieldError(prefix + "owner", change.kpi().label() + ": someone "
                    + (before.owner() == null ? "removed the owner" : "made " + before.owner() + " the owner")
                    + again));
        }
        if (change.cadence() != null && change.openedCadence() != null && before.cadence() != change.cadence()
                && before.cadence() != change.openedCadence()) {
            problems.add(new FieldError(prefix + "cadence", change.kpi().label() + ": someone set the review cadence"
                    + " to " + before.cadence().key() + again));
        }
        return problems;
    }

    /** What changed, said by the fields that did: "owner and review cadence changed", "reviewed". */
    static String summary(List<AuditDiff.Change> diff) {
        List<String> fields = diff.stream().map(AuditDiff.Change::field).filter(field -> !field.equals("reviewed on"))
                .toList();
        boolean reviewed = diff.size() > fields.size();
        if (fields.isEmpty()) {
            return "reviewed";
        }
        return String.join(" and ", fields) + " changed" + (reviewed ? ", and reviewed" : "");
    }
}
