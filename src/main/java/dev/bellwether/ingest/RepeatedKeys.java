package dev.bellwether.ingest;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Collectors;

import dev.bellwether.platform.sql.Sql;

/** The keys that repeat within one staged file ({@link StagingTable}), found and listed as problems. */
final class RepeatedKeys {

    private RepeatedKeys() {
    }

    /** A repeated key: its first line, the lines that repeat it, and its value as the file wrote it. */
    private record Repeat(long first, Long[] lines, String value) {
    }

    /** Rows of {@code table} whose upsert key repeats an earlier row of the same file, as problems. */
    static void list(Connection connection, ImportKind kind, String table, String file, ImportProblems problems) {
        if (!exist(connection, kind, table)) {
            return;
        }
        String key = String.join(", ", kind.key());
        String keyText = kind.key().stream().map(k -> asWritten(kind, k)).collect(Collectors.joining(" || ', ' || "));
        // the keys whose first repeat comes earliest: their repeats hold the earliest `limit` repeating lines
        // and of each key's lines only as many as the report can hold: a key column holding the wrong field
        // repeats on nearly every line of a file of millions, which must not all come back (data.md: imports stream)
        String sql = "select min(line) as first, (array_agg(line order by line))[1:?] as lines, " + keyText
                + " as value from " + table + " group by " + key + " having count(*) > 1"
                + " order by (array_agg(line order by line))[2] limit ?";
        int limit = problems.limit();
        // the latest of the earliest `limit` repeating lines on top: a key's later repeats give way to another's
        PriorityQueue<ImportError> earliest = new PriorityQueue<>(Comparator.comparing(ImportError::line).reversed());
        for (Repeat repeat : Sql.query(connection, sql, row -> new Repeat(row.longValue("first"),
                row.longArray("lines"), row.string("value")), limit + 1, limit)) {
            for (int i = 1; i < repeat.lines().length; i++) {
                if (earliest.size() == limit && (limit == 0 || repeat.lines()[i] >= earliest.peek().line())) {
                    break; // this key's other lines are later still
                }
                earliest.add(ImportError.ofCell(file, repeat.lines()[i], keyColumnName(kind), repeat.value(),
                        "Same " + keyDescription(kind) + " as line " + repeat.first()
                                + ": each key may appear only once in a file"
                                + " (a repeated row usually means a broken export)."));
                if (earliest.size() > limit) {
                    earliest.poll();
                }
            }
        }
        List<ImportError> found = new ArrayList<>(earliest);
        found.sort(Comparator.comparing(ImportError::line));
        long counted = found.size();
        if (!found.isEmpty()) {
            counted = Sql.one(connection, "select coalesce(sum(n - 1), 0) as repeats from (select count(*) n from "
                    + table + " group by " + key + " having count(*) > 1) d", row -> row.longValue("repeats"));
        }
        problems.addAll(found, Math.max(counted, found.size()));
    }

    /**
     * Whether any key of {@code table} repeats: one hashed count per key. Listing the repeats' lines
     * needs a sorted aggregate of every key's lines, which took 4.4 s on 2.5 M usage rows against 2.5 s
     * for this, and a file almost never has any.
     */
    static boolean exist(Connection connection, ImportKind kind, String table) {
        return Sql.one(connection, "select exists (select 1 from " + table + " group by "
                + String.join(", ", kind.key()) + " having count(*) > 1) as repeats", row -> row.bool("repeats"));
    }

    /** A staged key column as the file wrote it (months as YYYY-MM). */
    private static String asWritten(ImportKind kind, String sqlName) {
        Column column = kind.columns().stream().filter(c -> c.sqlName().equals(sqlName)).findFirst().orElseThrow();
        return column.type() == ValueType.MONTH ? "to_char(" + sqlName + ", 'YYYY-MM')" : sqlName + "::text";
    }

    private static String keyColumnName(ImportKind kind) {
        String first = kind.key().get(0);
        return kind.columns().stream().filter(c -> c.sqlName().equals(first)).findFirst().orElseThrow().name();
    }

    private static String keyDescription(ImportKind kind) {
        List<String> names = kind.key().stream()
                .map(k -> kind.columns().stream().filter(c -> c.sqlName().equals(k)).findFirst().orElseThrow().name())
                .toList();
        return names.size() == 1 ? names.get(0) : "(" + String.join(", ", names) + ")";
    }
}
