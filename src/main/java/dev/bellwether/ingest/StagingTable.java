package dev.bellwether.ingest;

import java.io.IOException;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.bellwether.platform.sql.CopyStream;
import dev.bellwether.platform.sql.Sql;
import dev.bellwether.platform.sql.SqlException;

/**
 * A temporary table holding one file's accepted rows for the length of an import's transaction,
 * filled with COPY while the file streams in (PostgreSQL does not allow COPY into a table under
 * row-level security, so the rows reach their table with one INSERT … SELECT). Duplicate keys
 * are found and the rows written as set-based SQL over it.
 */
final class StagingTable implements RowSink {

    /**
     * Staged rows fewer than a fifth of the stored ones are compared by probing the table's key index
     * once per staged row ({@link #compareByProbing}); more are compared by reading both sides once.
     */
    private static final int PROBING_SHARE = 5;

    private final ImportKind kind;
    private final String fileName;
    private final String name;
    private final CopyStream copy;
    private boolean analyzed;
    /** The valid rows staged. */
    private long staged;
    /** Whether the tenant had rows of this kind when the table was opened (the import's lock keeps it so). */
    private final boolean stored;
    /** The valid rows' keys, to know whether one repeats without asking the database; null without {@link #stored}. */
    private final KeyHashes keys;

    private StagingTable(ImportKind kind, String fileName, CopyStream copy, boolean stored) {
        this.kind = kind;
        this.fileName = fileName;
        this.name = tableName(kind);
        this.copy = copy;
        this.stored = stored;
        this.keys = stored ? new KeyHashes(kind.columns(), kind.key()) : null;
    }

    /** The temporary table's name. */
    String name() {
        return name;
    }

    static String tableName(ImportKind kind) {
        return "stg_" + kind.id();
    }

    /**
     * Creates the table and opens the COPY into it, on the import's connection. When the tenant has rows
     * of this kind ({@code stored}), the file will be compared with them and its keys are hashed as they
     * come ({@link KeyHashes}); a first load has nothing to compare with, and its table's key finds repeats.
     */
    static StagingTable open(Connection connection, ImportKind kind, String fileName, boolean stored) {
        String columns = kind.columns().stream().map(c -> c.sqlName() + " " + c.sqlType())
                .collect(Collectors.joining(", "));
        Sql.execute(connection, "drop table if exists " + tableName(kind));
        Sql.execute(connection, "create temp table " + tableName(kind) + " (line bigint not null, " + columns
                + ", valid boolean not null) on commit drop");
        String names = kind.columns().stream().map(Column::sqlName).collect(Collectors.joining(", "));
        return new StagingTable(kind, fileName,
                new CopyStream(connection, "copy " + tableName(kind) + " (line, " + names
                + ", valid) from stdin"), stored);
    }

    @Override
    public void accept(long line, String[] values) throws IOException {
        copy.row(Long.toString(line), values, "t");
        if (keys != null) {
            keys.add(values);
        }
        staged++;
    }

    @Override
    public void acceptInvalid(long line, String[] keyValues) throws IOException {
        copy.row(Long.toString(line), keyValues, "f");
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

    /** Rows whose upsert key repeats an earlier row of the same file, as problems. */
    void findDuplicates(Connection connection, ImportProblems problems) {
        analyze(connection);
        RepeatedKeys.list(connection, kind, name, fileName, problems);
    }

    /** Whether the tenant had no rows of this kind when the table was opened (so it still has none). */
    boolean targetEmpty() {
        return !stored;
    }

    /** Whether the tenant has no rows of {@code kind} yet (the import holds the tenant's lock, so it stays so). */
    static boolean noneStored(Connection connection, ImportKind kind, String tenant) {
        return Sql.one(connection, "select not exists (select 1 from " + kind.table()
                + " where tenant_id = ?) as empty", row -> row.bool("empty"), tenant);
    }

    /** Whether the file surely repeats no key: its keys were hashed and all hash differently. */
    private boolean noRepeatedKey() {
        return keys != null && keys.distinct();
    }

    /**
     * Inserts every valid staged row, with no search for existing rows. The table's primary key
     * refuses a key stored already or repeated with SQLState 23505 ({@link #isDuplicateKey}).
     */
    private long insertAll(Connection connection, String tenant) {
        String columns = kind.columns().stream().map(Column::sqlName).collect(Collectors.joining(", "));
        return Sql.largeUpdate(connection, "insert into " + kind.table() + " (tenant_id, " + columns + ") select ?, "
                + columns + " from " + name + " where valid", tenant);
    }

    static boolean isDuplicateKey(SqlException e) {
        return "23505".equals(e.sqlState());
    }

    /**
     * Compares the staged rows with the stored ones without writing anything to the kind's table: in
     * one pass when the file surely repeats no key ({@link #compareOnce}), else in at most three:
     * <ol>
     * <li>counts the stored rows that some staged row repeats exactly (a semi-join).
     * Each staged row matches at most one stored row (the stored key is unique), so when that count
     * equals the staged rows, every staged row repeats its own stored row and no two share a key: the
     * file changes nothing, and this one pass was all the comparing it needed;</li>
     * <li>otherwise collects the staged rows that are new or differ from their stored row into a
     * temporary diff table (an outer join), with the stored row's old account and
     * dates, for the narrowing of the recalculation;</li>
     * <li>and knows whether a key repeats without grouping the whole file: the staged rows that repeat
     * their stored row must each have matched a different one ({@code identical} = staged − differing),
     * and no other staged row may share a key with a differing one (the small diff table hashed, the
     * staged rows probed once).</li>
     * </ol>
     * {@link #findDuplicates} lists the repeated keys' lines when there are some. A file much smaller
     * than what is stored is compared by {@link #compareByProbing} instead.
     */
    StagedComparison compare(Connection connection, String tenant) {
        analyze(connection);
        if (small(connection, tenant)) {
            return compareByProbing(connection, tenant);
        }
        if (noRepeatedKey()) {
            return compareOnce(connection, tenant);
        }
        // Both sides read once, hashed (docs/architecture.md, section 4): nested loops probed the key index
        // once per staged row (129 s for 2.5 M usage rows), merge joins sorted both sides for each pass
        // (6.0 s against 3.5 s for the count, 7.7 s against 3.4 s for the diff).
        Sql.execute(connection, "set local enable_nestloop = off");
        Sql.execute(connection, "set local enable_mergejoin = off");
        long identical = Sql.one(connection, "select count(*) as identical from " + kind.table() + " t"
                + " where t.tenant_id = ? and exists (select 1 from " + name + " s where s.valid and "
                + keyMatch("t", "s") + " and " + sameValues("t", "s") + ")",
                row -> row.longValue("identical"), tenant);
        boolean unchanged = identical == staged;
        long differing = 0;
        boolean repeats = false;
        if (!unchanged) {
            createDiffTable(connection);
            differing = insertDiff(connection, tenant);
            Sql.execute(connection, "analyze " + diffName());
            repeats = identical < staged - differing || Sql.one(connection, "select exists (select 1 from " + name
                    + " s join " + diffName() + " d on " + keyMatch("d", "s") + " where s.valid and s.line <> d.line)"
                    + " as repeats", row -> row.bool("repeats"));
        }
        Sql.execute(connection, "set local enable_mergejoin = on");
        Sql.execute(connection, "set local enable_nestloop = on");
        return new StagedComparison(staged, identical, differing, repeats);
    }

    /**
     * {@link #compare} for a file that repeats no key ({@link KeyHashes}): one pass, both sides hashed,
     * collects the staged rows that are new or differ into the diff table, and every other staged row
     * repeats its own stored row. The count of identical rows and the search for a repeated key, a pass
     * each, are not needed (3.5 s and 0.7 s of a 1 % changed re-upload of 2.5 M usage rows in psql).
     */
    private StagedComparison compareOnce(Connection connection, String tenant) {
        Sql.execute(connection, "set local enable_nestloop = off");
        Sql.execute(connection, "set local enable_mergejoin = off");
        createDiffTable(connection);
        long differing = insertDiff(connection, tenant);
        if (differing > 0) {
            Sql.execute(connection, "analyze " + diffName());
        }
        Sql.execute(connection, "set local enable_mergejoin = on");
        Sql.execute(connection, "set local enable_nestloop = on");
        return new StagedComparison(staged, staged - differing, differing, false);
    }

    /**
     * {@link #compare} for a file much smaller than what is stored (a month's delta into two years): each
     * staged row looks its stored row up through the key, so the stored rows are never read in full
     * (114,467 usage rows against a 2.4 M-row partition: 0.7 s, against 5.4 s reading the partition
     * twice). A repeated key is found by grouping the staged rows; without one, every staged row that
     * does not differ repeats its own stored row.
     */
    private StagedComparison compareByProbing(Connection connection, String tenant) {
        createDiffTable(connection);
        Sql.execute(connection, "set local enable_hashjoin = off");
        Sql.execute(connection, "set local enable_mergejoin = off");
        long differing = insertDiff(connection, tenant);
        Sql.execute(connection, "set local enable_hashjoin = on");
        Sql.execute(connection, "set local enable_mergejoin = on");
        Sql.execute(connection, "analyze " + diffName());
        boolean repeats = !noRepeatedKey() && RepeatedKeys.exist(connection, kind, name);
        return new StagedComparison(staged, repeats ? 0 : staged - differing, differing, repeats);
    }

    /**
     * Writes a file much smaller than what is stored ({@link #small}) without comparing it, when every
     * row of it is new (next month's rows, a day of new tickets): inserts all its valid rows, and the
     * table's primary key refuses the insert at the first row whose key is stored already or repeats
     * in the file (SQLState 23505). Answers the rows inserted, or -1 when a key was taken and nothing
     * was written: {@link #compare} must then find what differs. Comparing first cost a month of usage
     * 0.4–0.5 s on top of the same insert (one look into the key index per account, then the rows
     * copied into the diff table and grouped for repeated keys); a refused attempt costs the insert up
     * to the first taken key, which is the first row for a re-upload of rows stored already. A first
     * load into an empty table writes this way too, where a taken key can only be a repeated one.
     */
    long insertIfAllNew(Connection connection, String tenant) {
        // an SQL savepoint: the JTA-enlisted connection refuses the JDBC savepoint calls
        Sql.execute(connection, "savepoint all_new");
        try {
            long inserted = insertAll(connection, tenant);
            Sql.execute(connection, "release savepoint all_new");
            return inserted;
        } catch (SqlException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            Sql.execute(connection, "rollback to savepoint all_new");
            return -1;
        }
    }

    /** Whether the file is much smaller than what the tenant has stored of its kind. */
    boolean small(Connection connection, String tenant) {
        return staged * PROBING_SHARE < storedEstimate(connection, tenant);
    }

    /**
     * The planner's count of the tenant's stored rows of this kind: its partition's, or the whole
     * table's for a kind that is not partitioned by tenant (0 before the first statistics).
     */
    private long storedEstimate(Connection connection, String tenant) {
        return Sql.one(connection, """
                select greatest(coalesce((select c.reltuples from pg_class c
                                          where c.relname = bw_partition_name(?, ?)
                                            and c.relnamespace = 'public'::regnamespace),
                                         (select c.reltuples from pg_class c
                                          where c.relname = ? and c.relnamespace = 'public'::regnamespace
                                            and c.relkind = 'r'), 0), 0)::bigint as estimate""",
                row -> row.longValue("estimate"), kind.table(), tenant, kind.table());
    }

    /** The temporary table of the staged rows that are new or differ, with the stored rows' old values. */
    private void createDiffTable(Connection connection) {
        Sql.execute(connection, "drop table if exists " + diffName());
        Sql.execute(connection, "create temp table " + diffName() + " on commit drop as select s.*, true as added"
                + oldValues() + " from " + name + " s cross join " + kind.table() + " t with no data");
    }

    /** Fills the diff table; answers how many staged rows differ. */
    private long insertDiff(Connection connection, String tenant) {
        return Sql.largeUpdate(connection, "insert into " + diffName() + " select s.*, t.tenant_id is null"
                + oldValues() + " from " + name + " s left join " + kind.table()
                + " t on t.tenant_id = ? and " + keyMatch("t", "s") + " where s.valid and (t.tenant_id is null or not "
                + sameValues("t", "s") + ")", tenant);
    }

    /**
     * Writes the differing rows of {@link #compare} into the kind's table: an update of each changed
     * row (by its key, through the index) and an insert of each new one; stored rows the file does not
     * mention, or repeats as they are, are not touched. The import holds its tenant's lock, so no other
     * writer races these statements.
     */
    ImportRecord.Changes apply(Connection connection, String tenant) {
        List<String> columns = kind.columns().stream().map(Column::sqlName).toList();
        String update = "update " + kind.table() + " t set "
                + payload().stream().map(c -> c + " = d." + c).collect(Collectors.joining(", "))
                + " from " + diffName() + " d where not d.added and t.tenant_id = ? and " + keyMatch("t", "d");
        String insert = "insert into " + kind.table() + " (tenant_id, " + String.join(", ", columns) + ") select ?, "
                + columns.stream().map(c -> "d." + c).collect(Collectors.joining(", ")) + " from " + diffName()
                + " d where d.added";
        long updated = Sql.largeUpdate(connection, update, tenant);
        long inserted = Sql.largeUpdate(connection, insert, tenant);
        return new ImportRecord.Changes(inserted, updated);
    }

    /**
     * Adds what the differing rows of {@link #compare} touch to {@code scope}: their accounts, old and
     * new, and the earliest of their dates, old and new (from the tenant's first month for a kind that
     * counts in every month).
     */
    void addTo(Connection connection, ChangedScope scope) {
        addTo(connection, scope, diffName(), "true", oldColumns());
    }

    /** Adds what the rows of {@link #insertIfAllNew} touch to {@code scope}: their accounts and earliest date. */
    void addInsertedTo(Connection connection, ChangedScope scope) {
        addTo(connection, scope, name, "valid", List.of());
    }

    /** {@link #addTo} for the rows of {@code table} passing {@code filter}, with the stored {@code old} values. */
    private void addTo(Connection connection, ChangedScope scope, String table, String filter, List<String> old) {
        String from = " from " + table + " where " + filter;
        String accounts = "select account_id" + from
                + (old.contains("account_id")
                        ? " union select old_account_id from " + table + " where old_account_id is not null"
                        : " group by account_id");
        List<String> ids = Sql.query(connection, accounts, 1_000, row -> row.string("account_id"));
        if (kind.countsInEveryMonth()) {
            scope.addEveryMonth(ids);
            return;
        }
        List<String> dates = new ArrayList<>();
        for (Column column : kind.columns()) {
            if (column.dated()) {
                dates.add(asDate(column, column.sqlName()));
                if (old.contains(column.sqlName())) {
                    dates.add(asDate(column, "old_" + column.sqlName()));
                }
            }
        }
        LocalDate earliest = Sql.one(connection, "select min(least(" + String.join(", ", dates) + ")) as earliest"
                + from, row -> row.localDate("earliest"));
        scope.add(earliest, ids);
    }

    private static String asDate(Column column, String expression) {
        return column.type() == ValueType.TIMESTAMP ? "(" + expression + " at time zone 'UTC')::date" : expression;
    }

    /** The diff table of {@link #compare}. */
    private String diffName() {
        return "dif_" + kind.id();
    }

    /** The columns besides the key. */
    private List<String> payload() {
        return kind.columns().stream().map(Column::sqlName).filter(c -> !kind.key().contains(c)).toList();
    }

    /** The stored row's {@link #oldColumns} as the diff table's {@code old_} columns, for a select list. */
    private String oldValues() {
        return oldColumns().stream().map(c -> ", t." + c + " as old_" + c).collect(Collectors.joining());
    }

    /**
     * The stored columns whose old value the narrowing needs, besides the key (whose old value is
     * the new one): the account a row belonged to, and, for a kind whose rows count from a date on,
     * its dates.
     */
    private List<String> oldColumns() {
        return kind.columns().stream()
                .filter(c -> c.sqlName().equals("account_id") || c.dated() && !kind.countsInEveryMonth())
                .map(Column::sqlName).filter(c -> !kind.key().contains(c)).toList();
    }

    private String keyMatch(String a, String b) {
        return kind.key().stream().map(k -> a + "." + k + " = " + b + "." + k).collect(Collectors.joining(" and "));
    }

    /** Whether two rows with the same key hold the same values (absent values count as equal). */
    private String sameValues(String a, String b) {
        return "(" + payload().stream().map(c -> a + "." + c).collect(Collectors.joining(", "))
                + ") is not distinct from ("
                + payload().stream().map(c -> b + "." + c).collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public void close() {
        copy.close();
    }
}
