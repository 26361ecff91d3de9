package dev.bellwether.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Row;

/**
 * The import_batch rows: created when an import starts, updated with its progress, finished
 * with its outcome. Progress and outcomes of imports that did not apply are written in their
 * own short transactions ({@code REQUIRES_NEW}), so they survive the import's rollback.
 */
@ApplicationScoped
public class ImportHistory {

    private static final String SELECT = """
            select i.id, i.created_by, i.created_by_name, i.source, i.status, i.phase, i.progress, i.files, i.rows,
                   i.changes, i.error_count, i.errors, i.message, r.status as recalculation,
                   r.progress as recalculation_progress, r.error as recalculation_error, i.started_at, i.finished_at
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
    Database database;

    @Inject
    ObjectMapper json;

    @Inject
    AuditLog audit;

    /** Inserts the row of an import that is starting (status processing). */
    @Transactional(TxType.REQUIRES_NEW)
    void start(String tenant, ImportRequest request, List<ImportRecord.FileInfo> files) {
        database.update("""
                insert into import_batch (tenant_id, id, created_by, created_by_name, source, status, phase, files)
                values (?, ?, ?, ?, ?, ?, 'Starting', ?::jsonb)""", tenant, request.id(), request.user(),
                request.userName(), request.source(), ImportStatus.PROCESSING, write(files));
    }

    /** Records an import refused before it touched any data (bad names, bad archive). */
    @Transactional(TxType.REQUIRES_NEW)
    void recordRejected(String tenant, ImportRequest request, List<ImportRecord.FileInfo> files,
            List<ImportError> errors, long errorCount) {
        database.update("""
                insert into import_batch (tenant_id, id, created_by, created_by_name, source, status, files, error_count,
                                          errors, finished_at)
                values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, now())""", tenant, request.id(), request.user(),
                request.userName(), request.source(), ImportStatus.REJECTED, write(files), errorCount, write(errors));
        audit(tenant, request.id(), rejected(errorCount), List.of());
    }

    /** Shows how far a running import has got. */
    @Transactional(TxType.REQUIRES_NEW)
    void progress(String tenant, UUID id, String phase, int progress) {
        database.update("update import_batch set phase = ?, progress = ? where tenant_id = ? and id = ? and status = ?",
                phase, progress, tenant, id, ImportStatus.PROCESSING);
    }

    /** Marks an import applied, in the import's own transaction: it is applied exactly when its data is. */
    @Transactional(TxType.MANDATORY)
    void finishApplied(String tenant, UUID id, Map<String, Long> rows, Map<String, ImportRecord.Changes> changes,
            long recalculationId) {
        database.update("""
                update import_batch set status = ?, phase = null, progress = 100, rows = ?::jsonb,
                       changes = ?::jsonb, recalculation_id = ?, finished_at = clock_timestamp()
                where tenant_id = ? and id = ?""", ImportStatus.APPLIED, write(rows), write(changes), recalculationId,
                tenant, id);
        List<AuditDiff.Change> audited = new ArrayList<>();
        changes.forEach((kind, change) -> audited.add(new AuditDiff.Change(kind, null, rows.getOrDefault(kind, 0L)
                + " rows: " + change.inserted() + " new, " + change.updated() + " updated")));
        audit(tenant, id, "Applied", audited);
    }

    /** Marks an import rejected or failed after its transaction was rolled back. */
    @Transactional(TxType.REQUIRES_NEW)
    void finishUnapplied(String tenant, UUID id, ImportStatus status, Map<String, Long> rows, List<ImportError> errors,
            long errorCount, String message) {
        database.update("""
                update import_batch set status = ?, phase = null, rows = ?::jsonb, error_count = ?, errors = ?::jsonb,
                       message = ?, finished_at = now()
                where tenant_id = ? and id = ?""", status, write(rows), errorCount, write(errors), message, tenant, id);
        audit(tenant, id, status == ImportStatus.FAILED ? "Failed on our side, nothing written" : rejected(errorCount),
                List.of());
    }

    private static String rejected(long errorCount) {
        return "Rejected with " + errorCount + (errorCount == 1 ? " problem" : " problems") + ", nothing written";
    }

    /** The import's line in the audit log, in the caller's transaction: who, which files, what came of it. */
    private void audit(String tenant, UUID id, String outcome, List<AuditDiff.Change> changes) {
        database.first("select created_by, created_by_name, files from import_batch where tenant_id = ? and id = ?",
                row -> {
                    List<ImportRecord.FileInfo> files = read(row.string("files"), new TypeReference<>() {
                    });
                    String names = files.stream().map(ImportRecord.FileInfo::name).reduce((a, b) -> a + ", " + b)
                            .orElse("no files");
                    return new AuditLog.Entry(tenant, row.string("created_by"), row.string("created_by_name"),
                            AuditKind.IMPORT, id.toString(), outcome + ": " + names, changes);
                }, tenant, id).ifPresent(audit::append);
    }

    /** One import of the current tenant. */
    public Optional<ImportRecord> find(UUID id) {
        return database.first(SELECT + " where i.id = ?", this::record, id);
    }

    /** The current tenant's most recent imports, newest first. */
    public List<ImportRecord> recent(int limit) {
        return database.query(SELECT + " order by i.started_at desc limit ?", this::record, limit);
    }

    private ImportRecord record(Row row) {
        return new ImportRecord(row.uuid("id"), row.string("created_by"), row.string("created_by_name"),
                row.string("source"), row.word("status", ImportStatus.class), row.string("phase"),
                row.integer("progress"),
                read(row.string("files"), new TypeReference<List<ImportRecord.FileInfo>>() {
                }),
                inKindOrder(read(row.string("rows"), new TypeReference<Map<String, Long>>() {
                })),
                inKindOrder(read(row.string("changes"), new TypeReference<Map<String, ImportRecord.Changes>>() {
                })),
                row.integer("error_count"),
                read(row.string("errors"), new TypeReference<List<ImportError>>() {
                }),
                row.string("message"), row.word("recalculation", RecalculationStatus.class),
                row.nullableInt("recalculation_progress"), row.string("recalculation_error"),
                row.instant("started_at"), row.instant("finished_at"));
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
}
