package dev.bellwether.alerts;

import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import dev.bellwether.platform.sql.Sql;

/**
 * Brings a tenant's alerts in line with a recalculation's findings, in the caller's transaction:
 * a condition that still holds keeps its alert (with the latest detail); one that no longer holds
 * resolves it; a new one opens an alert, unless a person resolved the same (account, rule) while
 * its condition has held ever since. A rule switched off is not evaluated, so whether its condition
 * holds is not known: its unresolved alerts are resolved as switched off, and the alerts a person
 * resolved keep what was known of their condition (switching the rule on again does not raise them
 * while it still holds). The alerts it opens are announced as {@link AlertsOpened}.
 */
@ApplicationScoped
public class AlertSync {

    /** What the engine says of an alert it resolves (the rules switched off are its one parameter). */
    private static final String REMARK = "case when a.rule::text = any(?::text[]) then '(The rule was switched off.)'"
            + " else '(The condition no longer holds.)' end";

    @Inject
    Event<AlertsOpened> opened;

    public void sync(Connection connection, String tenant, List<AlertHit> hits, Set<AlertRule> switchedOff,
            LocalDate month) {
        String[] off = switchedOff.stream().map(AlertRule::key).toArray(String[]::new);
        Sql.execute(connection, "drop table if exists alert_hits");
        Sql.execute(connection, "create temp table alert_hits (account_id text collate \"C\", rule text, detail text)"
                + " on commit drop");
        Sql.update(connection, "insert into alert_hits select * from unnest(?::text[], ?::text[], ?::text[])",
                hits.stream().map(AlertHit::accountId).toArray(String[]::new),
                hits.stream().map(h -> h.rule().key()).toArray(String[]::new),
                hits.stream().map(AlertHit::detail).toArray(String[]::new));
        // only the alerts whose wording changed: every open alert's row was rewritten by every run
        // (6,677 at 10,000 accounts), also when the events feed's recalculation had changed nothing
        // one a person resolved keeps the words it was resolved on ("No contact for 75 days" under "resolved by
        // cam", not a count that goes on rising): only whether its condition holds is kept up to date
        Sql.update(connection, """
                update alert a set detail = h.detail, condition_holds = true
                from alert_hits h where a.tenant_id = ? and a.account_id = h.account_id and a.rule = h.rule
                  and a.status <> ? and (a.detail is distinct from h.detail or not a.condition_holds)""",
                tenant, AlertStatus.RESOLVED);
        // the moment of the statement, not of the save's start: a person's action committed meanwhile came first
        Sql.update(connection, "update alert a set status = ?, resolved_at = clock_timestamp(), resolved_by = 'system',"
                + " condition_holds = false, snoozed_until = null, note = coalesce(a.note || ' ', '') || " + REMARK
                + ", resolved_note = " + REMARK + " where a.tenant_id = ? and a.status <> ? and not exists"
                + " (select 1 from alert_hits h where h.account_id = a.account_id and h.rule = a.rule)",
                AlertStatus.RESOLVED, off, off, tenant, AlertStatus.RESOLVED);
        Sql.update(connection, """
                update alert a set condition_holds = false
                where a.tenant_id = ? and a.status = ? and a.condition_holds and a.rule::text <> all(?::text[])
                  and not exists (select 1 from alert_hits h where h.account_id = a.account_id and h.rule = a.rule)""",
                tenant, AlertStatus.RESOLVED, off);
        List<AlertsOpened.Opened> newAlerts = new ArrayList<>(Sql.query(connection, """
                insert into alert (tenant_id, id, account_id, rule, detail, opened_detail, opened_month)
                select ?, (select coalesce(max(id), 0) from alert where tenant_id = ?)
                          + row_number() over (order by h.account_id, h.rule),
                       h.account_id, h.rule, h.detail, h.detail, ?
                from alert_hits h
                where not exists (select 1 from alert a where a.tenant_id = ? and a.account_id = h.account_id
                                  and a.rule = h.rule and (a.status <> ? or a.condition_holds))
                returning id, account_id, rule, detail""",
                row -> new AlertsOpened.Opened(row.longValue("id"), row.string("account_id"),
                        AlertRule.of(row.string("rule")).orElseThrow(), row.string("detail")),
                tenant, tenant, month, tenant, AlertStatus.RESOLVED));
        if (!newAlerts.isEmpty()) {
            newAlerts.sort(Comparator.comparingLong(AlertsOpened.Opened::id));
            opened.fire(new AlertsOpened(connection, tenant, newAlerts));
        }
    }
}
