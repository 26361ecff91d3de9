package dev.bellwether.ingest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * A temporary table holding one file's accepted rows for the length of an import's transaction,
 * filled with PostgreSQL's COPY while the file streams in. The checks that span rows (duplicate
 * keys, unknown accounts) and the upsert into the real table run as set-based SQL over it.
 */
final class StagingTable implements RowSink, AutoCloseable {

    private final ImportKind kind;
    private final String name;
    private final CopyIn copy;
    private final Writer out;
    private final StringBuilder line = new StringBuilder(256);
    private boolean finished;

    private StagingTable(ImportKind kind, CopyIn copy) {
        this.kind = kind;
        this.name = tableName(kind);
        this.copy = copy;
        this.out = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(copy, 1 << 16),
                StandardCharsets.UTF_8), 1 << 16);
    }

    static String tableName(ImportKind kind) {
        return "stg_" + kind.id();
    }

    /** Creates the table and opens the COPY into it, on the import's connection. */
    static StagingTable open(Connection connection, ImportKind kind) throws SQLException {
        String columns = kind.columns().stream().map(c -> c.sqlName() + " " + c.sqlType())
                .collect(Collectors.joining(", "));
        try (Statement statement = connection.createStatement()) {
            statement.execute("create temp table " + tableName(kind) + " (line bigint not null, " + columns
                    + ", valid boolean not null) on commit drop");
        }
        String names = kind.columns().stream().map(Column::sqlName).collect(Collectors.joining(", "));
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy " + tableName(kind) + " (line, " + names + ", valid) from stdin");
        return new StagingTable(kind, copy);
    }

    @Override
    public void accept(long lineNumber, String[] values) throws IOException {
        write(lineNumber, values, true);
    }

    @Override
    public void acceptInvalidAccount(long lineNumber, String accountId) throws IOException {
        String[] values = new String[kind.columns().size()];
        values[0] = accountId;
        write(lineNumber, values, false);
    }

    private void write(long lineNumber, String[] values, boolean valid) throws IOException {
        line.setLength(0);
        line.append(lineNumber);
        for (String value : values) {
            line.append('\t');
            if (value == null) {
                line.append("\\N");
            } else {
                escape(value, line);
            }
        }
        line.append('\t').append(valid ? 't' : 'f').append('\n');
        out.append(line);
    }

    /** COPY text format: backslash, tab, newline and carriage return are escaped. */
    static void escape(String value, StringBuilder into) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> into.append("\\\\");
                case '\t' -> into.append("\\t");
                case '\n' -> into.append("\\n");
                case '\r' -> into.append("\\r");
                default -> into.append(c);
            }
        }
    }

    /** Ends the COPY and refreshes the planner's statistics of the table. */
    void finish(Connection connection) throws IOException, SQLException {
        out.close();
        finished = true;
        try (Statement statement = connection.createStatement()) {
            statement.execute("analyze " + name);
        }
    }

    /** Rows whose upsert key repeats an earlier row of the same file, as problems. */
    void findDuplicates(Connection connection, String file, ImportProblems problems) throws SQLException {
        String key = String.join(", ", kind.key());
        String keyText = kind.key().stream().map(this::asWritten).collect(Collectors.joining(" || ', ' || "));
        String sql = "select min(line), array_agg(line order by line), " + keyText
                + " from " + name + " group by " + key + " having count(*) > 1 order by 1 limit ?";
        List<ImportError> found = new ArrayList<>();
        long counted = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, problems.limit());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long first = rows.getLong(1);
                    Long[] lines = (Long[]) rows.getArray(2).getArray();
                    String value = rows.getString(3);
                    for (int i = 1; i < lines.length; i++) {
                        found.add(ImportError.ofCell(file, lines[i], keyColumnName(), value,
                                "Same " + keyDescription() + " as line " + first
                                        + ": each key may appear only once in a file (a repeated row usually means a broken export)."));
                    }
                }
            }
        }
        if (!found.isEmpty()) {
            counted = countDuplicates(connection, key);
        }
        problems.addAll(found, Math.max(counted, found.size()));
    }

    private long countDuplicates(Connection connection, String key) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select coalesce(sum(n - 1), 0) from (select count(*) n from "
                        + name + " group by " + key + " having count(*) > 1) d")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Rows naming an account that is neither in this import's accounts nor among the tenant's. */
    void findUnknownAccounts(Connection connection, String tenant, boolean accountsStaged, String file,
            ImportProblems problems) throws SQLException {
        String unknown = " from " + name + " s where not exists (select 1 from account a where a.tenant_id = ?"
                + " and a.account_id = s.account_id)"
                + (accountsStaged ? " and not exists (select 1 from " + tableName(ImportKind.ACCOUNTS)
                        + " sa where sa.account_id = s.account_id)" : "");
        List<ImportError> found = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select line, account_id" + unknown + " order by line limit ?")) {
            statement.setString(1, tenant);
            statement.setInt(2, problems.limit());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString(2);
                    found.add(ImportError.ofCell(file, rows.getLong(1), "account_id", id, "'" + ImportError.echo(id)
                            + "' is not a known account: it is neither in accounts.csv of this import nor among your accounts."));
                }
            }
        }
        long counted = found.size();
        if (found.size() == problems.limit()) {
            try (PreparedStatement statement = connection.prepareStatement("select count(*)" + unknown)) {
                statement.setString(1, tenant);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    counted = rows.getLong(1);
                }
            }
        }
        problems.addAll(found, counted);
    }

    /** Upserts the staged rows into the kind's table; rows that would not change are left alone. */
    ImportRecord.Changes upsert(Connection connection, String tenant) throws SQLException {
        List<String> columns = kind.columns().stream().map(Column::sqlName).toList();
        List<String> payload = columns.stream().filter(c -> !kind.key().contains(c)).toList();
        String names = String.join(", ", columns);
        String table = kind.table();
        String sql = "with written as (insert into " + table + " (tenant_id, " + names + ")"
                + " select ?, " + names + " from " + name + " where valid order by " + String.join(", ", kind.key())
                + " on conflict (tenant_id, " + String.join(", ", kind.key()) + ") do update set "
                + payload.stream().map(c -> c + " = excluded." + c).collect(Collectors.joining(", "))
                + " where (" + payload.stream().map(c -> table + "." + c).collect(Collectors.joining(", "))
                + ") is distinct from (" + payload.stream().map(c -> "excluded." + c).collect(Collectors.joining(", "))
                + ") returning (xmax = 0) as inserted)"
                + " select count(*) filter (where inserted), count(*) filter (where not inserted) from written";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new ImportRecord.Changes(rows.getLong(1), rows.getLong(2));
            }
        }
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
        if (!finished) {
            try {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            } catch (SQLException e) {
                // the transaction is being rolled back anyway
            }
        }
    }
}
