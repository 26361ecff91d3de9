package dev.bellwether.ingest;

import java.io.IOException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.bellwether.platform.sql.Sql;
import dev.bellwether.platform.sql.SqlException;

/**
 * A temporary table holding one file's accepted rows for the length of an import's transaction,
 * filled with COPY while the file streams in (PostgreSQL does not allow COPY into a table under
 * row-level security, so the rows reach their table with one INSERT … SELECT). Duplicate keys
 * are found and the rows written as set-based SQL over it.
 */
final class StagingTable implements RowSink {

    private final ImportKind kind;
    private final String fileName;
    private final String name;
    private final CopyStream copy;
    private boolean analyzed;

    private StagingTable(ImportKind kind, String fileName, CopyStream copy) {
        this.kind = kind;
        this.fileName = fileName;
        this.name = tableName(kind);
        this.copy = copy;
    }

    /** The temporary table's name. */
    String name() {
        return name;
    }

    static String tableName(ImportKind kind) {
        return "stg_" + kind.id();
    }

    /** Creates the table and opens the COPY into it, on the import's connection. */
    static StagingTable open(Connection connection, ImportKind kind, String fileName) {
        String columns = kind.columns().stream().map(c -> c.sqlName() + " " + c.sqlType())
                .collect(Collectors.joining(", "));
        Sql.execute(connection, "drop table if exists " + tableName(kind));
        Sql.execute(connection, "create temp table " + tableName(kind) + " (line bigint not null, " + columns
                + ", valid boolean not null) on commit drop");
        String names = kind.columns().stream().map(Column::sqlName).collect(Collectors.joining(", "));
        return new StagingTable(kind, fileName,
                new CopyStream(connection, "copy " + tableName(kind) + " (line, " + names
                + ", valid) from stdin"));
    }

    @Override
    public void accept(long line, String[] values) throws IOException {
        copy.row(Long.toString(line), values, "t");
    }

    @Override
    public void acceptInvalidAccount(long line, String accountId) throws IOException {
        String[] values = new String[kind.columns().size()];
        values[0] = accountId;
        copy.row(Long.toString(line), values, "f");
    }

    /** Ends the COPY. */
    @Override
    public void finish() throws IOException {
        copy.finish();
    }

    /**
     * Gives the planner the table's statistics (temporary tables are never analysed on their own),
     * once, before the first query that joins or groups it.
     */
    private void analyze(Connection connection) {
        if (!analyzed) {
            Sql.execute(connection, "analyze " + name);
            analyzed = true;
        }
    }

    /** A repeated key: its first line, the lines that repeat it, and its value as the file wrote it. */
    private record Repeat(long first, Long[] lines, String value) {
    }

    /** Rows whose upsert key repeats an earlier row of the same file, as problems. */
    void findDuplicates(Connection connection, ImportProblems problems) {
        String file = fileName;
        analyze(connection);
        String key = String.join(", ", kind.key());
        if (!hasRepeatedKeys(connection, key)) {
            return;
        }
        String keyText = kind.key().stream().map(this::asWritten).collect(Collectors.joining(" || ', ' || "));
        String sql = "select min(line) as first, array_agg(line order by line) as lines, " + keyText + " as value"
                + " from " + name + " group by " + key + " having count(*) > 1 order by 1 limit ?";
        List<ImportError> found = new ArrayList<>();
        for (Repeat repeat : Sql.query(connection, sql, row -> new Repeat(row.longValue("first"),
                row.longArray("lines"), row.string("value")), problems.limit())) {
            for (int i = 1; i < repeat.lines().length; i++) {
                found.add(ImportError.ofCell(file, repeat.lines()[i], keyColumnName(), repeat.value(),
                        "Same " + keyDescription() + " as line " + repeat.first()
                                + ": each key may appear only once in a file"
                                + " (a repeated row usually means a broken export)."));
            }
        }
        long counted = found.size();
        if (!found.isEmpty()) {
            counted = Sql.one(connection, "select coalesce(sum(n - 1), 0) as repeats from (select count(*) n from "
                    + name + " group by " + key + " having count(*) > 1) d", row -> row.longValue("repeats"));
        }
        problems.addAll(found, Math.max(counted, found.size()));
    }

    /**
     * Whether any key repeats: one hashed count per key. Listing the repeats' lines needs a sorted
     * aggregate of every key's lines, which took 4.4 s on 2.5 M usage rows against 2.5 s for this,
     * and a file almost never has any.
     */
    private boolean hasRepeatedKeys(Connection connection, String key) {
        return Sql.one(connection, "select exists (select 1 from " + name + " group by " + key
                + " having count(*) > 1) as repeats", row -> row.bool("repeats"));
    }

    /** Whether the tenant has no rows of this kind yet (the import holds the tenant's lock, so it stays so). */
    boolean targetEmpty(Connection connection, String tenant) {
        return Sql.one(connection, "select not exists (select 1 from " + kind.table()
                + " where tenant_id = ?) as empty", row -> row.bool("empty"), tenant);
    }

    /**
     * A first load: inserts every staged row, with no search for existing rows. The table's
     * primary key refuses a repeated key with SQLState 23505 ({@link #isDuplicateKey}).
     */
    long insertAll(Connection connection, String tenant) {
        String columns = kind.columns().stream().map(Column::sqlName).collect(Collectors.joining(", "));
        return Sql.largeUpdate(connection, "insert into " + kind.table() + " (tenant_id, " + columns + ") select ?, "
                + columns + " from " + name + " where valid", tenant);
    }

    static boolean isDuplicateKey(SqlException e) {
        return "23505".equals(e.sqlState());
    }

    /**
     * Upserts the staged rows into the kind's table: rows whose key exists and whose values differ
     * are updated, new keys inserted, rows already as in the file left alone. Two joins rather than
     * {@code INSERT … ON CONFLICT}: the planner hashes the staged rows once instead of probing the
     * key index row by row, which is about twice as fast on millions of rows. The import holds its
     * tenant's lock, so no other writer races these statements.
     */
    ImportRecord.Changes upsert(Connection connection, String tenant) {
        List<String> columns = kind.columns().stream().map(Column::sqlName).toList();
        List<String> payload = columns.stream().filter(c -> !kind.key().contains(c)).toList();
        String table = kind.table();
        String keyMatch = kind.key().stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" and "));
        String update = "update " + table + " t set "
                + payload.stream().map(c -> c + " = s." + c).collect(Collectors.joining(", "))
                + " from " + name + " s where s.valid and t.tenant_id = ? and " + keyMatch
                + " and (" + payload.stream().map(c -> "t." + c).collect(Collectors.joining(", "))
                + ") is distinct from ("
                + payload.stream().map(c -> "s." + c).collect(Collectors.joining(", ")) + ")";
        String insert = "insert into " + table + " (tenant_id, " + String.join(", ", columns) + ") select ?, "
                + columns.stream().map(c -> "s." + c).collect(Collectors.joining(", ")) + " from " + name
                + " s where s.valid and not exists (select 1 from " + table + " t where t.tenant_id = ? and "
                + keyMatch + ")";
        analyze(connection);
        long updated = Sql.largeUpdate(connection, update, tenant);
        long inserted = Sql.largeUpdate(connection, insert, tenant, tenant);
        return new ImportRecord.Changes(inserted, updated);
    }

    /** A staged key column as the file wrote it (months as YYYY-MM). */
    private String asWritten(String sqlName) {
        Column column = kind.columns().stream().filter(c -> c.sqlName().equals(sqlName)).findFirst().orElseThrow();
        return column.type() == ValueType.MONTH ? "to_char(" + sqlName + ", 'YYYY-MM')" : sqlName + "::text";
    }

    private String keyColumnName() {
        String first = kind.key().get(0);
        return kind.columns().stream().filter(c -> c.sqlName().equals(first)).findFirst().orElseThrow().name();
    }

    private String keyDescription() {
        List<String> names = kind.key().stream()
                .map(k -> kind.columns().stream().filter(c -> c.sqlName().equals(k)).findFirst().orElseThrow().name())
                .toList();
        return names.size() == 1 ? names.get(0) : "(" + String.join(", ", names) + ")";
    }

    @Override
    public void close() {
        copy.close();
    }
}
