package dev.bellwether.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import dev.bellwether.platform.PageNumber;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Row;
import dev.bellwether.tenant.TenantContext;

/**
 * The import_batch rows ({@link ImportBatch}): created when an import starts, updated with its
 * progress, finished with its outcome; read with the status of the recalculation each asked for.
 * Progress and outcomes of imports that did not apply are written in their own short transactions
 * ({@code REQUIRES_NEW}), so they survive the import's rollback.
 */
@ApplicationScoped
public class ImportHistory {

    private static final String SELECT = """
            select i.id, i.created_by, i.created_by_name, i.source, i.status, i.phase, i.progress, i.files, i.rows,
                   i.changes, i.error_count, i.errors, i.message,
                   -- an applied import without a recalculation changed nothing and needed none
                   coalesce(r.status, case when i.status = 'applied' and i.recalculation_id is null
                                           then 'not_needed' end) as recalculation,
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
    ImportBatchRepository batches;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    @Inject
    AuditLog audit;

    /** Inserts the row of an import that is starting (status processing). */
    @Transactional(TxType.REQUIRES_NEW)
    void start(ImportRequest request, List<ImportRecord.FileInfo> files) {
        ImportBatch batch = batch(request, files, ImportStatus.PROCESSING);
        batch.phase = "Starting";
        batches.persist(batch);
    }

    /** Records an import refused before it touched any data (bad names, bad archive). */
    @Transactional(TxType.REQUIRES_NEW)
    void recordRejected(ImportRequest request, List<ImportRecord.FileInfo> files,
            List<ImportError> errors, long errorCount) {
        ImportBatch batch = batch(request, files, ImportStatus.REJECTED);
        batch.errorCount = errorCount;
        batch.errors = write(errors);
        batch.finishedAt = clock.instant();
        batches.persistAndFlush(batch);
        audit(batch, rejected(errorCount), List.of());
    }

    private ImportBatch batch(ImportRequest request, List<ImportRecord.FileInfo> files, ImportStatus status) {
        ImportBatch batch = new ImportBatch();
        batch.id = request.id();
        batch.createdBy = request.user();
        batch.createdByName = request.userName();
        batch.source = request.source();
        batch.status = status;
        batch.files = write(files);
        batch.startedAt = clock.instant();
        return batch;
    }

    /** Shows how far a running import has got. */
    @Transactional(TxType.REQUIRES_NEW)
    void progress(UUID id, String phase, int progress) {
        ImportBatch batch = batches.findById(id);
        if (batch != null && batch.status == ImportStatus.PROCESSING) {
            batch.phase = phase;
            batch.progress = progress;
        }
    }

    /**
     * Marks an import applied, in the import's own transaction: it is applied exactly when its data is.
     * {@code recalculationId} is null when the import changed nothing and asked for no recalculation.
     */
    @Transactional(TxType.MANDATORY)
    void finishApplied(UUID id, Map<String, Long> rows, Map<String, ImportRecord.Changes> changes,
            Long recalculationId) {
        ImportBatch batch = batches.findById(id);
        batch.status = ImportStatus.APPLIED;
        batch.phase = null;
        batch.progress = 100;
        batch.rows = write(rows);
        batch.changes = write(changes);
        batch.recalculationId = recalculationId;
        batch.finishedAt = clock.instant();
        batches.flush();
        List<AuditDiff.Change> audited = new ArrayList<>();
        changes.forEach((kind, change) -> audited.add(new AuditDiff.Change(kind, null, rows.getOrDefault(kind, 0L)
                + " rows: " + change.inserted() + " new, " + change.updated() + " updated")));
        audit(batch, recalculationId == null ? "Applied, nothing changed" : "Applied", audited);
    }

    /** Marks an import rejected or failed after its transaction was rolled back. */
    @Transactional(TxType.REQUIRES_NEW)
    void finishUnapplied(UUID id, ImportStatus status, Map<String, Long> rows, List<ImportError> errors,
            long errorCount, String message) {
        ImportBatch batch = batches.findById(id);
        if (batch == null) {
            return;
        }
        batch.status = status;
        batch.phase = null;
        batch.rows = write(rows);
        batch.errorCount = errorCount;
        batch.errors = write(errors);
        batch.message = message;
        batch.finishedAt = clock.instant();
        batches.flush();
        audit(batch, status == ImportStatus.FAILED ? "Failed on our side, nothing written"
                : rejected(errorCount), List.of());
    }

    private static String rejected(long errorCount) {
        return "Rejected with " + errorCount + (errorCount == 1 ? " problem" : " problems") + ", nothing written";
    }

    /** The import's line in the audit log, in the caller's transaction: who, which files, what came of it. */
    private void audit(ImportBatch batch, String outcome, List<AuditDiff.Change> changes) {
        List<ImportRecord.FileInfo> files = read(batch.files, new TypeReference<>() {
        });
        String names = files.stream().map(ImportRecord.FileInfo::name).reduce((a, b) -> a + ", " + b)
                .orElse("no files");
        audit.append(new AuditLog.Entry(batch.createdBy, batch.createdByName, AuditKind.IMPORT,
                batch.id.toString(), outcome + ": " + names, changes));
    }

    /** One import of the current tenant. */
    public Optional<ImportRecord> find(UUID id) {
        return database.first(SELECT + " where i.id = ?", this::record, id);
    }

    /**
     * The kinds (accounts, mrr, …) of which the current tenant holds rows, imported or fed (a Segment source's group
     * and track calls bring accounts and usage without an import).
     */
    public Set<String> kindsWithData() {
        String tenant = TenantContext.require();
        StringBuilder sql = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        for (ImportKind kind : ImportKind.values()) {
            sql.append(sql.isEmpty() ? "" : " union all ").append("select '").append(kind.id())
                    .append("' as kind where exists (select 1 from ").append(kind.table())
                    .append(" where tenant_id = ?)");
            parameters.add(tenant);
        }
        return new HashSet<>(database.query(sql.toString(), row -> row.string("kind"), parameters.toArray()));
    }

    /** The current tenant's import still running, the newest if two overlap (whatever was recorded after it). */
    public Optional<ImportRecord> running() {
        return database.first(SELECT + " where i.status = 'processing' order by i.started_at desc limit 1",
                this::record);
    }

    /** One page of the current tenant's imports, newest first. */
    public record Page(List<ImportRecord> imports, long total, int page, int size) {

        public int pages() {
            return PageNumber.pages(total, size);
        }
    }

    /** Page {@code page} (from 1) of the current tenant's imports, {@code size} to a page, newest first. */
    public Page page(int page, int size) {
        long total = database.one("select count(*) as n from import_batch where tenant_id = ?",
                row -> row.longValue("n"), TenantContext.require());
        List<ImportRecord> found = database.query(SELECT + " order by i.started_at desc, i.id limit ? offset ?",
                this::record, size, (long) (page - 1) * size);
        return new Page(found, total, page, size);
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
