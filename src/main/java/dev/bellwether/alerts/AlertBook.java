package dev.bellwether.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.tenant.TenantReads;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The current tenant's alerts and the CSM's workflow on them: acknowledge, snooze until a date,
 * resolve, each with an optional note. A snoozed alert whose date has passed counts as open again.
 */
@ApplicationScoped
public class AlertBook {

    /** An alert as lists and the API show it; {@code status} is effective (a lapsed snooze reads open). */
    public record Alert(long id, String accountId, String accountName, String csmEmail, String rule, String status,
            String detail, Instant openedAt, LocalDate snoozedUntil, Instant acknowledgedAt, String acknowledgedBy,
            Instant resolvedAt, String resolvedBy, String note) {
    }

    /** Which alerts a list shows. {@code status}: open (not resolved), resolved or all. */
    public record Filter(String status, String accountId, String csmEmail, String rule) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TenantReads reads;

    private static final String EFFECTIVE_STATUS = "case when a.status = 'snoozed' and a.snoozed_until < current_date"
            + " then 'open' else a.status end";

    public List<Alert> list(Filter filter) {
        List<Object> parameters = new ArrayList<>();
        String where = where(filter, parameters);
        return reads.list("the alerts", SELECT + where + " order by a.opened_at desc, a.id desc", parameters, AlertBook::alert);
    }

    private static String where(Filter filter, List<Object> parameters) {
        StringBuilder sql = new StringBuilder(" where true");
        if ("open".equals(filter.status())) {
            sql.append(" and a.status <> 'resolved'");
        } else if ("resolved".equals(filter.status())) {
            sql.append(" and a.status = 'resolved'");
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
        return reads.list("the alerts", SELECT + where + " order by array_position(?::text[], a.rule::text), a.opened_at desc,"
                + " a.id desc limit ?", parameters, AlertBook::alert);
    }

    /** How many alerts {@code filter} matches. */
    public int count(Filter filter) {
        List<Object> parameters = new ArrayList<>();
        String where = where(filter, parameters);
        return reads.list("the alerts", "select count(*) from alert a left join account c on c.tenant_id = a.tenant_id"
                + " and c.account_id = a.account_id" + where, parameters, rows -> rows.getInt(1)).get(0);
    }

    public Optional<Alert> find(long id) {
        return reads.list("the alert", SELECT + " where a.id = ?", List.of(id), AlertBook::alert).stream().findFirst();
    }

    private static final String SELECT = "select a.id, a.account_id, c.name, c.csm_email, a.rule, " + EFFECTIVE_STATUS
            + ", a.detail, a.opened_at, a.snoozed_until, a.acknowledged_at, a.acknowledged_by, a.resolved_at,"
            + " a.resolved_by, a.note from alert a left join account c on c.tenant_id = a.tenant_id"
            + " and c.account_id = a.account_id";

    private static Alert alert(ResultSet rows) throws SQLException {
        return new Alert(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
                rows.getString(6), rows.getString(7), instant(rows.getTimestamp(8)),
                rows.getDate(9) == null ? null : rows.getDate(9).toLocalDate(), instant(rows.getTimestamp(10)),
                rows.getString(11), instant(rows.getTimestamp(12)), rows.getString(13), rows.getString(14));
    }

    /** Acknowledges an unresolved alert; answers false when there is no such alert. */
    public boolean acknowledge(long id, String user, String note) {
        return update("update alert set status = 'acknowledged', acknowledged_at = now(), acknowledged_by = ?, snoozed_until = null,"
                + " note = coalesce(?, note) where id = ? and status <> 'resolved'", user, note, id);
    }

    /** Snoozes an unresolved alert until a date (it reads open again after it). */
    public boolean snooze(long id, String user, LocalDate until, String note) {
        return update("update alert set status = 'snoozed', snoozed_until = ?, acknowledged_at = coalesce(acknowledged_at, now()),"
                + " acknowledged_by = coalesce(acknowledged_by, ?), note = coalesce(?, note) where id = ? and status <> 'resolved'",
                until, user, note, id);
    }

    /** Resolves an alert by hand; it is not raised again until its condition has cleared. */
    public boolean resolve(long id, String user, String note) {
        return update("update alert set status = 'resolved', resolved_at = now(), resolved_by = ?, note = coalesce(?, note)"
                + " where id = ? and status <> 'resolved'", user, note, id);
    }

    private boolean update(String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                boolean changed = statement.executeUpdate() == 1;
                if (changed) {
                    try (PreparedStatement touch = connection.prepareStatement(
                            "update tenant_snapshot set alerts_changed_at = clock_timestamp()")) {
                        touch.executeUpdate();
                    }
                }
                return changed;
            } catch (SQLException e) {
                throw new IllegalStateException("Could not update the alert", e);
            }
        });
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
