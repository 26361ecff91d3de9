package dev.bellwether.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.tenant.TenantReads;

/**
 * The tenant's audit log: every import, health-model version, alert-rule, target and override
 * change, with who, when and what changed. Append only: this class inserts and reads, and the
 * app's database role has no UPDATE or DELETE on the table (V5), so nothing can rewrite it.
 */
@ApplicationScoped
public class AuditLog {

    public static final String IMPORT = "import";
    public static final String HEALTH_MODEL = "health_model";
    public static final String ALERT_RULES = "alert_rules";
    public static final String TARGET = "target";
    public static final String OVERRIDE = "override";

    /** What to record. {@code subject} names the thing changed (an import id, "v3", a metric, an account id). */
    public record Entry(String tenant, String actor, String actorName, String kind, String subject, String summary,
            List<AuditDiff.Change> changes) {
    }

    /** A recorded event. */
    public record Event(long id, Instant at, String actor, String actorName, String kind, String subject, String summary,
            List<AuditDiff.Change> changes) {

        public String kindLabel() {
            return switch (kind) {
                case IMPORT -> "Import";
                case HEALTH_MODEL -> "Health model";
                case ALERT_RULES -> "Alert rules";
                case TARGET -> "Target";
                default -> "Health override";
            };
        }
    }

    /** A page of the log, newest first, optionally of one kind. */
    public record Page(List<Event> events, long total, int page, int size) {

        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }
    }

    @Inject
    TenantReads reads;

    @Inject
    ObjectMapper json;

    /** Appends {@code entry} in the caller's transaction, so it is recorded exactly when the change is. */
    public void append(Connection connection, Entry entry) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into audit_event (tenant_id, actor, actor_name, kind, subject, summary, changes)
                values (?, ?, ?, ?, ?, ?, ?::jsonb)""")) {
            statement.setString(1, entry.tenant());
            statement.setString(2, entry.actor() == null ? "unknown" : entry.actor());
            statement.setString(3, entry.actorName());
            statement.setString(4, entry.kind());
            statement.setString(5, entry.subject());
            statement.setString(6, entry.summary());
            statement.setString(7, write(entry.changes()));
            statement.executeUpdate();
        }
    }

    public Page page(String kind, int page, int size) {
        String where = kind == null ? "" : " where kind = ?";
        List<Object> parameters = new ArrayList<>();
        if (kind != null) {
            parameters.add(kind);
        }
        long total = reads.list("the audit log", "select count(*) from audit_event" + where, parameters, r -> r.getLong(1))
                .get(0);
        parameters.add(size);
        parameters.add((long) (page - 1) * size);
        List<Event> events = reads.list("the audit log", "select id, at, actor, actor_name, kind, subject, summary, changes"
                + " from audit_event" + where + " order by at desc, id desc limit ? offset ?", parameters, this::event);
        return new Page(events, total, page, size);
    }

    /** Every event about {@code subject} of {@code kind}, newest first. */
    public List<Event> about(String kind, String subject) {
        return reads.list("the audit log", "select id, at, actor, actor_name, kind, subject, summary, changes from audit_event"
                + " where kind = ? and subject = ? order by at desc, id desc", List.of(kind, subject), this::event);
    }

    private Event event(ResultSet rows) throws SQLException {
        return new Event(rows.getLong(1), rows.getTimestamp(2).toInstant(), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getString(7), read(rows.getString(8)));
    }

    private String write(List<AuditDiff.Change> changes) {
        try {
            return json.writeValueAsString(changes == null ? List.of() : changes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<AuditDiff.Change> read(String value) {
        try {
            return json.readValue(value, new TypeReference<List<AuditDiff.Change>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
