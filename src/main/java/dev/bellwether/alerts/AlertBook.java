package dev.bellwether.alerts;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Row;
import dev.bellwether.tenant.TenantContext;

/**
 * The current tenant's alerts and the CSM's workflow on them: acknowledge, snooze until a date,
 * resolve, each with an optional note. A snoozed alert whose date has passed counts as open again.
 */
@ApplicationScoped
public class AlertBook {

    /** An alert as lists and the API show it; {@code status} is effective (a lapsed snooze reads open). */
    public record Alert(long id, String accountId, String accountName, String csmEmail, String rule, AlertStatus status,
            String detail, Instant openedAt, LocalDate snoozedUntil, Instant acknowledgedAt, String acknowledgedBy,
            Instant resolvedAt, String resolvedBy, String note) {

        public boolean resolved() {
            return status == AlertStatus.RESOLVED;
        }

        public boolean snoozed() {
            return status == AlertStatus.SNOOZED;
        }

        public boolean acknowledged() {
            return status == AlertStatus.ACKNOWLEDGED;
        }
    }

    /** Which alerts a list shows. {@code status}: open (not resolved), resolved or all. */
    public record Filter(String status, String accountId, String csmEmail, String rule) {
    }

    @Inject
    Database database;

    @Inject
    StoredAlertRepository stored;

    @Inject
    Clock clock;

    @Inject
    AuditLog audit;

    /** A snooze lapses after its day in UTC, as the Clock has it, whatever the database session's time zone. */
    private static final String LAPSED = "a.status = 'snoozed' and a.snoozed_until < (now() at time zone 'UTC')::date";

    private static final String EFFECTIVE_STATUS = "case when " + LAPSED + " then 'open' else a.status end as status";

    private static final String SELECT = "select a.id, a.account_id, c.name as account_name, c.csm_email, a.rule, "
            + EFFECTIVE_STATUS + ", a.detail, a.opened_at, a.snoozed_until, a.acknowledged_at, a.acknowledged_by,"
            + " a.resolved_at, a.resolved_by, a.note from alert a left join account c on c.tenant_id = a.tenant_id"
            + " and c.account_id = a.account_id";

    public List<Alert> list(Filter filter) {
        return list(filter, Long.MAX_VALUE, 0);
    }

    /** At most {@code limit} of the alerts {@code filter} finds, newest first, after skipping {@code offset}. */
    public List<Alert> list(Filter filter, long limit, long offset) {
        List<Object> parameters = new ArrayList<>();
        String where = where(filter, parameters);
        parameters.add(limit);
        parameters.add(offset);
        return database.query(SELECT + where + " order by a.opened_at desc, a.id desc limit ? offset ?",
                AlertBook::alert, parameters.toArray());
    }

    private static String where(Filter filter, List<Object> parameters) {
        StringBuilder sql = new StringBuilder(" where true");
        if ("open".equals(filter.status())) {
            sql.append(" and a.status <> ?");
            parameters.add(AlertStatus.RESOLVED);
        } else if ("resolved".equals(filter.status())) {
            sql.append(" and a.status = ?");
            parameters.add(AlertStatus.RESOLVED);
        }
        if (filter.accountId() != null) {
            sql.append(" and a.account_id = ?");
            parameters.add(filter.accountId());
        }
        if (filter.csmEmail() != null) {
            sql.append(" and lower(c.csm_email) = lower(?)");
            parameters.add(filter.csmEmail());
        }
        if (filter.rule() != null) {
            sql.append(" and a.rule = ?");
            parameters.add(filter.rule());
        }
        return sql.toString();
    }

    /**
     * The first {@code limit} alerts of {@code filter}, rules in the order of {@code rules} (the most
     * pressing first), the newest first within a rule; sorted and cut in the database.
     */
    public List<Alert> first(Filter filter, List<String> rules, int limit) {
        List<Object> parameters = new ArrayList<>();
        String where = where(filter, parameters);
        parameters.add(rules.toArray(String[]::new));
        parameters.add(limit);
        return database.query(SELECT + where + " order by array_position(?::text[], a.rule::text), a.opened_at desc,"
                + " a.id desc limit ?", AlertBook::alert, parameters.toArray());
    }

    /** How many alerts {@code filter} matches. */
    public int count(Filter filter) {
        List<Object> parameters = new ArrayList<>();
        String where = where(filter, parameters);
        return database.one("select count(*)::int as alerts from alert a left join account c"
                + " on c.tenant_id = a.tenant_id and c.account_id = a.account_id" + where,
                row -> row.integer("alerts"), parameters.toArray());
    }

    /** A rule's unresolved alerts: how many, and how many of them a person acknowledged or snoozed. */
    public record Unresolved(int total, int handled) {
    }

    /** The unresolved alerts of each rule that has some (a lapsed snooze counts as open, not handled). */
    public Map<String, Unresolved> unresolvedByRule() {
        Map<String, Unresolved> counts = new HashMap<>();
        database.query("select a.rule::text as rule, count(*)::int as total, count(*) filter (where a.status <> 'open'"
                + " and not (" + LAPSED + "))::int as handled from alert a where a.tenant_id = ?"
                + " and a.status <> 'resolved' group by 1",
                row -> counts.put(row.string("rule"), new Unresolved(row.integer("total"), row.integer("handled"))),
                TenantContext.require());
        return counts;
    }

    private static final String PANEL = SELECT + " left join account_snapshot s on s.tenant_id = c.tenant_id"
            + " and s.account_id = c.account_id where a.tenant_id = ? and a.status <> 'resolved'";

    /**
     * The first {@code limit} unresolved alerts of the accounts {@code accounts} covers: open ones
     * (a lapsed snooze included) before acknowledged, then snoozed; within those, rules in the order of
     * {@code rules} and the newest first. The CSM page's panel, which follows the list's filters.
     */
    public List<Alert> openOf(AccountCriteria accounts, List<String> rules, int limit) {
        String tenant = TenantContext.require();
        // the tenant named, here and in the criteria's subqueries: the planner reads only its partitions
        List<Object> parameters = new ArrayList<>(List.of(tenant));
        String where = accounts.sql("c", "s", tenant, parameters);
        parameters.add(rules.toArray(String[]::new));
        parameters.add(limit);
        return database.query(PANEL + where + " order by case when a.status = 'open' or (" + LAPSED + ") then 0"
                + " when a.status = 'acknowledged' then 1 else 2 end,"
                + " array_position(?::text[], a.rule::text), a.opened_at desc, a.id desc limit ?", AlertBook::alert,
                parameters.toArray());
    }

    /** How many unresolved alerts the accounts {@code accounts} covers have. */
    public int countOpenOf(AccountCriteria accounts) {
        String tenant = TenantContext.require();
        List<Object> parameters = new ArrayList<>(List.of(tenant));
        String where = accounts.sql("c", "s", tenant, parameters);
        return database.one("select count(*)::int as alerts from alert a left join account c"
                + " on c.tenant_id = a.tenant_id and c.account_id = a.account_id left join account_snapshot s"
                + " on s.tenant_id = c.tenant_id and s.account_id = c.account_id where a.tenant_id = ?"
                + " and a.status <> 'resolved'" + where,
                row -> row.integer("alerts"), parameters.toArray());
    }

    /**
     * Acknowledges, in the caller's transaction, every alert of {@code accountIds} that reads open
     * (a lapsed snooze included; acknowledged, snoozed and resolved ones stay as they are). Answers
     * the acknowledged alerts' rules per account, for the audit log.
     */
    @Transactional(TxType.MANDATORY)
    public Map<String, List<String>> acknowledgeOpenOf(Collection<String> accountIds, String user) {
        LocalDate today = Clocks.today(clock);
        awaitRecalculationSave();
        List<StoredAlert> open = stored.find("accountId in ?1 and (status = ?2 or (status = ?3 and snoozedUntil < ?4))"
                + " order by accountId, id", accountIds, AlertStatus.OPEN, AlertStatus.SNOOZED, today)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        Map<String, List<String>> done = new TreeMap<>();
        for (StoredAlert alert : open) {
            alert.status = AlertStatus.ACKNOWLEDGED;
            firstAcknowledgement(alert, user, null);
            alert.snoozedUntil = null;
            done.computeIfAbsent(alert.accountId, k -> new ArrayList<>()).add(alert.rule);
        }
        if (!open.isEmpty()) {
            stored.flush();
            database.update("update tenant_snapshot set alerts_changed_at = clock_timestamp()");
        }
        return done;
    }

    public Optional<Alert> find(long id) {
        return database.first(SELECT + " where a.id = ?", AlertBook::alert, id);
    }

    private static Alert alert(Row row) {
        return new Alert(row.longValue("id"), row.string("account_id"), row.string("account_name"),
                row.string("csm_email"), row.string("rule"), row.word("status", AlertStatus.class),
                row.string("detail"), row.instant("opened_at"), row.localDate("snoozed_until"),
                row.instant("acknowledged_at"), row.string("acknowledged_by"), row.instant("resolved_at"),
                row.string("resolved_by"), row.string("note"));
    }

    /** Acknowledges an unresolved alert; answers false when there is no such alert. */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean acknowledge(long id, String user, String userName, String note) {
        return change(id, user, userName, note, alert -> {
            alert.status = AlertStatus.ACKNOWLEDGED;
            firstAcknowledgement(alert, user, note);
            alert.snoozedUntil = null;
        });
    }

    /**
     * Signs the alert's acknowledgement step with its time, author and note, unless an earlier action
     * (an acknowledgement or a snooze) already did: that step is the timeline's, and a later one does not
     * rewrite it (the later note still becomes the alert's last note).
     */
    private void firstAcknowledgement(StoredAlert alert, String user, String note) {
        if (alert.acknowledgedAt == null) {
            alert.acknowledgedAt = clock.instant();
            alert.acknowledgedBy = user;
            alert.acknowledgedNote = note;
        }
    }

    /** Snoozes an unresolved alert until a date (it reads open again after it). */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean snooze(long id, String user, String userName, LocalDate until, String note) {
        return change(id, user, userName, note, alert -> {
            alert.status = AlertStatus.SNOOZED;
            alert.snoozedUntil = until;
            firstAcknowledgement(alert, user, note);
        });
    }

    /** Resolves an alert by hand; it is not raised again until its condition has cleared. */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean resolve(long id, String user, String userName, String note) {
        return change(id, user, userName, note, alert -> {
            alert.status = AlertStatus.RESOLVED;
            alert.resolvedAt = clock.instant();
            alert.resolvedBy = user;
            alert.resolvedNote = note;
            alert.snoozedUntil = null;
        });
    }

    /**
     * Applies {@code change} and the note (when given) to an unresolved alert, in the caller's
     * transaction and locked against the engine's sync ({@link #awaitRecalculationSave}), marks the
     * tenant's alerts changed (the pages' version) and records it in the audit log, as a bulk action is.
     */
    private boolean change(long id, String user, String userName, String note, Consumer<StoredAlert> change) {
        awaitRecalculationSave();
        StoredAlert alert = stored.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (alert == null || alert.status == AlertStatus.RESOLVED) {
            return false;
        }
        // a snooze whose day has passed reads open, as every list shows it
        boolean lapsed = alert.status == AlertStatus.SNOOZED && alert.snoozedUntil != null
                && alert.snoozedUntil.isBefore(Clocks.today(clock));
        String before = lapsed ? AlertStatus.OPEN.word() : alert.status.word();
        LocalDate snoozedBefore = lapsed ? null : alert.snoozedUntil;
        change.accept(alert);
        if (note != null) {
            alert.note = note;
        }
        stored.flush();
        database.update("update tenant_snapshot set alerts_changed_at = clock_timestamp()");
        List<AuditDiff.Change> changes = new ArrayList<>();
        if (!before.equals(alert.status.word())) { // acknowledged again: only a note, if any, is new
            changes.add(new AuditDiff.Change("status", before, alert.status.word()));
        }
        if (!Objects.equals(snoozedBefore, alert.snoozedUntil)) {
            changes.add(new AuditDiff.Change("snoozed until", Objects.toString(snoozedBefore, "none"),
                    Objects.toString(alert.snoozedUntil, "none")));
        }
        if (note != null) {
            changes.add(new AuditDiff.Change("note", null, note));
        }
        String done = switch (alert.status) {
            case ACKNOWLEDGED -> "Acknowledged ";
            case SNOOZED -> "Snoozed ";
            default -> "Resolved ";
        };
        if (!changes.isEmpty()) {
            audit.append(new AuditLog.Entry(user, userName, AuditKind.ALERT, alert.accountId, done + alert.rule
                    + (alert.status == AlertStatus.SNOOZED ? " until " + alert.snoozedUntil : ""), changes));
        }
        return true;
    }

    /**
     * Holds the tenant's snapshot row, as a recalculation's save does before it brings the alerts in
     * line ({@link AlertSync}): an action on alerts then takes the same order, snapshot row before alert
     * rows, and waits for a save in progress instead of deadlocking with it.
     */
    private void awaitRecalculationSave() {
        database.query("select 1 as held from tenant_snapshot for no key update", row -> row.integer("held"));
    }
}
