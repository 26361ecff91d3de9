package dev.bellwether.ingest;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import dev.bellwether.tenant.TenantOwned;

/**
 * A row of {@code import_batch} (V2): one import, from its start to its outcome. The JSON columns
 * hold {@link ImportHistory}'s own serialisations. Key (tenant, id).
 */
@Entity
@Table(name = "import_batch")
public class ImportBatch extends TenantOwned {

    @Id
    public UUID id;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_by_name")
    public String createdByName;

    public String source;

    @Convert(converter = ImportStatusConverter.class)
    public ImportStatus status;

    public String phase;

    public int progress;

    /** The files, as JSON: {@code [{"name":…,"kind":…,"bytes":…}]}. */
    @ColumnTransformer(write = "?::jsonb")
    public String files = "[]";

    /** Rows read per kind, as JSON. */
    @ColumnTransformer(write = "?::jsonb")
    public String rows = "{}";

    /** Rows inserted and updated per kind, as JSON. */
    @ColumnTransformer(write = "?::jsonb")
    public String changes = "{}";

    @Column(name = "error_count")
    public long errorCount;

    /** The problems reported, as JSON. */
    @ColumnTransformer(write = "?::jsonb")
    public String errors = "[]";

    public String message;

    @Column(name = "recalculation_id")
    public Long recalculationId;

    @Column(name = "started_at", updatable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
