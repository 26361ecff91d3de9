package dev.bellwether.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Brings a tenant's alerts in line with a recalculation's findings, in the caller's transaction:
 * a condition that still holds keeps its alert (with the latest detail); one that no longer holds
 * resolves it; a new one opens an alert, unless a person resolved the same (account, rule) while
 * its condition has held ever since.
 */
@ApplicationScoped
public class AlertSync {

    public void sync(Connection connection, String tenant, List<AlertHit> hits, LocalDate month) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop table if exists alert_hits");
            statement.execute("create temp table alert_hits (account_id text collate \"C\", rule text, detail text) on commit drop");
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into alert_hits select * from unnest(?::text[], ?::text[], ?::text[])")) {
            insert.setArray(1, connection.createArrayOf("text", hits.stream().map(AlertHit::accountId).toArray()));
            insert.setArray(2, connection.createArrayOf("text", hits.stream().map(h -> h.rule().key()).toArray()));
            insert.setArray(3, connection.createArrayOf("text", hits.stream().map(AlertHit::detail).toArray()));
            insert.executeUpdate();
        }
        execute(connection, tenant, """
                update alert a set detail = h.detail, condition_holds = true
                from alert_hits h where a.tenant_id = ? and a.account_id = h.account_id and a.rule = h.rule
                  and (a.status <> 'resolved' or a.condition_holds)""", null);
        execute(connection, tenant, """
                update alert a set status = 'resolved', resolved_at = now(), resolved_by = 'system', condition_holds = false,
                       note = coalesce(a.note || ' ', '') || '(The condition no longer holds.)'
                where a.tenant_id = ? and a.status <> 'resolved'
                  and not exists (select 1 from alert_hits h where h.account_id = a.account_id and h.rule = a.rule)""", null);
        execute(connection, tenant, """
                update alert a set condition_holds = false
                where a.tenant_id = ? and a.status = 'resolved' and a.condition_holds
                  and not exists (select 1 from alert_hits h where h.account_id = a.account_id and h.rule = a.rule)""", null);
        execute(connection, tenant, """
                insert into alert (tenant_id, account_id, rule, detail, opened_month)
                select ?, h.account_id, h.rule, h.detail, ? from alert_hits h
                where not exists (select 1 from alert a where a.tenant_id = ? and a.account_id = h.account_id
                                  and a.rule = h.rule and (a.status <> 'resolved' or a.condition_holds))""", month);
    }

    private static void execute(Connection connection, String tenant, String sql, LocalDate month) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tenant);
            if (month != null) {
                statement.setObject(2, month);
                statement.setString(3, tenant);
            }
            statement.executeUpdate();
        }
    }
}
