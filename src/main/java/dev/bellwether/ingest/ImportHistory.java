package dev.bellwether.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditLog;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The import_batch rows: created when an import starts, updated with its progress, finished
 * with its outcome. Progress and outcomes of imports that did not apply are written in their
 * own short transactions, so they survive the import's rollback.
 */
@ApplicationScoped
public class ImportHistory {

    private static final String SELECT = """
            select i.id, i.created_by, i.created_by_name, i.source, i.status, i.phase, i.progress, i.files, i.rows,
                   i.changes, i.error_count, i.errors, i.message, r.status, r.progress, r.error, i.started_at, i.finished_at
            from import_batch i
            left join lateral (
              -- the run that covers the import: any done run requested with or after it; else the one it
              -- joined, unless that failed; else the newest after it (a retry)
              select status, progress, error from recalculation r
              where r.tenant_id = i.tenant_id and r.id >= i.recalculation_id
              order by (r.status = 'done') desc, (r.id = i.recalculation_id and r.status <> 'failed') desc, r.id desc
              limit 1) r on true
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    AuditLog audit;

    /** Inserts the row of an import that is starting (status processing). */
    void start(String tenant, ImportRequest request, List<ImportRecord.FileInfo> files) {
        inNewTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into import_batch (tenant_id, id, created_by, created_by_name, source, status, phase, files)
                    values (?, ?, ?, ?, ?, 'processing', 'Starting', ?::jsonb)""")) {
                statement.setString(1, tenant);
                statement.setObject(2, request.id());
                statement.setString(3, request.user());
                statement.setString(4, request.userName());
                statement.setString(5, request.source());
                statement.setString(6, write(files));
                statement.executeUpdate();
            }
        });
    }

    /** Records an import refused before it touched any data (bad names, bad archive). */
    void recordRejected(String tenant, ImportRequest request, List<ImportRecord.FileInfo> files, List<ImportError> errors,
            long errorCount) {
        inNewTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into import_batch (tenant_id, id, created_by, created_by_name, source, status, files, error_count,
                                              errors, finished_at)
                    values (?, ?, ?, ?, ?, 'rejected', ?::jsonb, ?, ?::jsonb, now())""")) {
                statement.setString(1, tenant);
                statement.setObject(2, request.id());
                statement.setString(3, request.user());
                statement.setString(4, request.userName());
                statement.setString(5, request.source());
                statement.setString(6, write(files));
                statement.setLong(7, errorCount);
                statement.setString(8, write(errors));
                statement.executeUpdate();
            }
            audit(connection, tenant, request.id(), "Rejected with " + errorCount
                    + (errorCount == 1 ? " problem" : " problems") + ", nothing written", List.of());
        });
    }

    /** Shows how far a running import has got. */
    void progress(String tenant, UUID id, String phase, int progress) {
        inNewTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "update import_batch set phase = ?, progress = ? where tenant_id = ? and id = ? and status = 'processing'")) {
                statement.setString(1, phase);
                statement.setInt(2, progress);
                statement.setString(3, tenant);
                statement.setObject(4, id);
                statement.executeUpdate();
            }
        });
    }

    /** Marks an import applied, in the import's own transaction: it is applied exactly when its data is. */
    void finishApplied(Connection connection, String tenant, UUID id, Map<String, Long> rows,
            Map<String, ImportRecord.Changes> changes, long recalculationId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                update import_batch set status = 'applied', phase = null, progress = 100, rows = ?::jsonb,
                       changes = ?::jsonb, recalculation_id = ?, finished_at = clock_timestamp()
                where tenant_id = ? and id = ?""")) {
            statement.setString(1, write(rows));
            statement.setString(2, write(changes));
            statement.setLong(3, recalculationId);
            statement.setString(4, tenant);
            statement.setObject(5, id);
            statement.executeUpdate();
        }
        List<AuditDiff.Change> audited = new ArrayList<>();
        changes.forEach((kind, change) -> audited.add(new AuditDiff.Change(kind, null, rows.getOrDefault(kind, 0L)
                + " rows: " + change.inserted() + " new, " + change.updated() + " updated")));
        audit(connection, tenant, id, "Applied", audited);
    }

    /** Marks an import rejected or failed after its transaction was rolled back. */
    void finishUnapplied(String tenant, UUID id, String status, Map<String, Long> rows, List<ImportError> errors,
            long errorCount, String message) {
        inNewTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    update import_batch set status = ?, phase = null, rows = ?::jsonb, error_count = ?, errors = ?::jsonb,
                           message = ?, finished_at = now()
                    where tenant_id = ? and id = ?""")) {
                statement.setString(1, status);
                statement.setString(2, write(rows));
                statement.setLong(3, errorCount);
                statement.setString(4, write(errors));
                statement.setString(5, message);
                statement.setString(6, tenant);
                statement.setObject(7, id);
                statement.executeUpdate();
            }
            audit(connection, tenant, id, status.equals("failed") ? "Failed on our side, nothing written"
                    : "Rejected with " + errorCount + (errorCount == 1 ? " problem" : " problems") + ", nothing written",
                    List.of());
        });
    }

    /** The import's line in the audit log, in the caller's transaction: who, which files, what came of it. */
    private void audit(Connection connection, String tenant, UUID id, String outcome, List<AuditDiff.Change> changes)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select created_by, created_by_name, files from import_batch where tenant_id = ? and id = ?")) {
            statement.setString(1, tenant);
            statement.setObject(2, id);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return;
                }
                List<ImportRecord.FileInfo> files = json.readValue(rows.getString(3),
                        new TypeReference<List<ImportRecord.FileInfo>>() {
                        });
                String names = files.stream().map(ImportRecord.FileInfo::name).reduce((a, b) -> a + ", " + b).orElse("no files");
                audit.append(connection, new AuditLog.Entry(tenant, rows.getString(1), rows.getString(2), AuditLog.IMPORT,
                        id.toString(), outcome + ": " + names, changes));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One import of the current tenant. */
    public Optional<ImportRecord> find(UUID id) {
        List<ImportRecord> found = query(SELECT + " where i.id = ?", id, 1);
        return found.stream().findFirst();
    }

    /** The current tenant's most recent imports, newest first. */
    public List<ImportRecord> recent(int limit) {
        return query(SELECT + " order by i.started_at desc limit ?", null, limit);
    }

    private List<ImportRecord> query(String sql, UUID id, int limit) {
        List<ImportRecord> records = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (id != null) {
                statement.setObject(1, id);
            } else {
                statement.setInt(1, limit);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    records.add(read(rows));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the import history", e);
        }
        return records;
    }

    private ImportRecord read(ResultSet rows) throws SQLException {
        Timestamp finished = rows.getTimestamp(18);
        Integer recalculationProgress = (Integer) rows.getObject(15);
        return new ImportRecord((UUID) rows.getObject(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getInt(7),
                read(rows.getString(8), new TypeReference<List<ImportRecord.FileInfo>>() {
                }),
                inKindOrder(read(rows.getString(9), new TypeReference<Map<String, Long>>() {
                })),
                inKindOrder(read(rows.getString(10), new TypeReference<Map<String, ImportRecord.Changes>>() {
                })),
                rows.getInt(11),
                read(rows.getString(12), new TypeReference<List<ImportError>>() {
                }),
                rows.getString(13), rows.getString(14), recalculationProgress, rows.getString(16),
                rows.getTimestamp(17).toInstant(), finished == null ? null : finished.toInstant());
    }

    /** jsonb keeps its own key order; the pages list kinds in the order an import applies them. */
    private static <V> Map<String, V> inKindOrder(Map<String, V> byKind) {
        Map<String, V> ordered = new LinkedHashMap<>();
        for (ImportKind kind : ImportKind.values()) {
            if (byKind.containsKey(kind.id())) {
                ordered.put(kind.id(), byKind.get(kind.id()));
            }
        }
        return ordered;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void inNewTransaction(SqlWork work) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection()) {
                work.run(connection);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not record the import's state", e);
            }
        });
    }

    @FunctionalInterface
    private interface SqlWork {
        void run(Connection connection) throws SQLException;
    }
}
