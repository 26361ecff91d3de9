package dev.bellwether.ingest;

import java.io.IOException;
import java.sql.Connection;
import java.util.stream.Collectors;

import dev.bellwether.platform.sql.CopyStream;
import dev.bellwether.platform.sql.Sql;

/**
 * A tenant's first load of one kind: the file's rows go with COPY straight into a new table that
 * becomes the tenant's partition of the kind's table when the import attaches it, its keys built
 * then in one sorted pass. Row-level security and every key apply from the attach on; until the
 * import commits, nobody else can see the table. See V7__partition_imported_data_by_tenant.sql.
 */
final class FirstLoad implements RowSink {

    private final ImportKind kind;
    private final String table;
    private final String tenant;
    private final CopyStream copy;
    private long rows;
    private long invalidRows;

    private FirstLoad(ImportKind kind, String table, String tenant, CopyStream copy) {
        this.kind = kind;
        this.table = table;
        this.tenant = tenant;
        this.copy = copy;
    }

    /**
     * Opens the first load of {@code kind} for the connection's tenant, rows to follow through
     * {@link #accept}; or answers null when the tenant already has rows of that kind (its partition
     * exists: the import then upserts).
     */
    static FirstLoad open(Connection connection, ImportKind kind, String tenant) {
        String table = newPartition(connection, kind);
        if (table == null) {
            return null;
        }
        // the name comes from the database (the kind's table and an md5), so it is a plain identifier
        return new FirstLoad(kind, table, tenant,
                new CopyStream(connection,
                        "copy " + table + " (tenant_id, " + columns(kind) + ") from stdin with (freeze)"));
    }

    /**
     * The first load of {@code kind} from the accepted rows of a staging table (a file that could
     * not be streamed straight in), or null when the tenant already has its partition.
     */
    static FirstLoad fromStaging(Connection connection, ImportKind kind, String tenant, StagingTable staged) {
        String table = newPartition(connection, kind);
        if (table == null) {
            return null;
        }
        FirstLoad load = new FirstLoad(kind, table, tenant, null);
        load.rows = Sql.largeUpdate(connection, "insert into " + table + " (tenant_id, " + columns(kind)
                + ") select ?, " + columns(kind) + " from " + staged.name() + " where valid", tenant);
        return load;
    }

    private static String newPartition(Connection connection, ImportKind kind) {
        if (!kind.partitionedByTenant()) {
            return null;
        }
        return Sql.one(connection, "select bw_open_partition(?) as partition", row -> row.string("partition"),
                kind.table());
    }

    private static String columns(ImportKind kind) {
        return kind.columns().stream().map(Column::sqlName).collect(Collectors.joining(", "));
    }

    @Override
    public void accept(long line, String[] values) throws IOException {
        if (copy == null) {
            throw new IllegalStateException("this first load was filled from staging");
        }
        copy.row(tenant, values, null);
        rows++;
    }

    /**
     * A failed row cannot go into the partition (its other columns are required): counted, so that a refused
     * import reads the file again, into a staging table, for the keys it repeats ({@link #hadInvalidRows}).
     */
    @Override
    public void acceptInvalid(long line, String[] keyValues) {
        invalidRows++;
    }

    /** Whether a failed row's key was handed over: another row may repeat it, which only staging can tell. */
    boolean hadInvalidRows() {
        return invalidRows > 0;
    }

    /** Ends the COPY. */
    @Override
    public void finish() throws IOException {
        if (copy != null) {
            copy.finish();
        }
    }

    /** The rows loaded. */
    long rows() {
        return rows;
    }

    /**
     * Whether two loaded rows share a key. Only asked when the import is refused anyway, to know
     * whether the file must be read again for the lines of its repeated keys (this table does
     * not keep line numbers).
     */
    boolean hasRepeatedKeys(Connection connection) {
        return RepeatedKeys.exist(connection, kind, table);
    }

    /**
     * Makes the table the tenant's partition, building its keys; a repeated key fails with SQLState
     * 23505 ({@link StagingTable#isDuplicateKey}).
     */
    void attach(Connection connection) {
        Sql.execute(connection, "select bw_attach_partition(?)", kind.table());
    }

    @Override
    public void close() {
        if (copy != null) {
            copy.close();
        }
    }
}
