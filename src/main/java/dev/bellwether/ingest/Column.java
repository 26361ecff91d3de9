package dev.bellwether.ingest;

import java.util.List;

import dev.bellwether.ingest.ValueType.Choices;
import dev.bellwether.ingest.ValueType.InvalidValue;

/**
 * One column of an import format: its name in the CSV header, its name in the database, how its
 * cells are read, and what an empty cell means.
 *
 * @param name        header name (matched case-insensitively)
 * @param sqlName     column in the staging and target tables
 * @param type        how a non-empty cell is read (null for an enumerated column)
 * @param choices     the allowed values of an enumerated column (null otherwise)
 * @param required    whether an empty cell is an error
 * @param absentValue what an empty optional cell stands for (null: SQL null)
 * @param sqlType     the staging column's SQL type
 * @param ahead       for a date: whether it may lie up to ten years ahead (renewal and close dates)
 */
public record Column(String name, String sqlName, ValueType type, Choices choices, boolean required,
        String absentValue, String sqlType, boolean ahead) {

    static Column required(String name, ValueType type) {
        return new Column(name, name, type, null, true, null, sqlType(type), false);
    }

    static Column optional(String name, ValueType type) {
        return new Column(name, name, type, null, false, null, sqlType(type), false);
    }

    static Column requiredChoice(String name, String... values) {
        return new Column(name, name, null, new Choices(List.of(values)), true, null, "text", false);
    }

    /** The same column stored under another database name. */
    Column storedAs(String column) {
        return new Column(name, column, type, choices, required, absentValue, sqlType, ahead);
    }

    /** The same column compared bytewise (COLLATE "C"), as the table's key columns are. */
    Column bytewise() {
        return new Column(name, sqlName, type, choices, required, absentValue, "text collate \"C\"", ahead);
    }

    /** The same date column, allowed up to ten years ahead of the current month (renewals, closes). */
    Column mayLieAhead() {
        return new Column(name, sqlName, type, choices, required, absentValue, sqlType, true);
    }

    /** Whether the column holds a date, a month or a timestamp, which the import's bounds apply to. */
    boolean dated() {
        return type == ValueType.DATE || type == ValueType.MONTH || type == ValueType.TIMESTAMP;
    }

    /** The same column, where an empty cell stands for {@code value}. */
    Column absentAs(String value) {
        return new Column(name, sqlName, type, choices, required, value, sqlType, ahead);
    }

    /**
     * The value to stage for a cell (already trimmed), or null for SQL null.
     *
     * @throws InvalidValue when the cell breaks the column's rule
     */
    String read(String cell) {
        if (cell.isEmpty()) {
            if (required) {
                throw new InvalidValue("is required but empty");
            }
            return absentValue;
        }
        return choices != null ? choices.match(cell) : type.parse(cell);
    }

    private static String sqlType(ValueType type) {
        return switch (type) {
            case ID, ACCOUNT_ID -> "text collate \"C\"";
            case TEXT, FEATURE, EMAIL, SEGMENT -> "text";
            case DATE, MONTH -> "date";
            case TIMESTAMP -> "timestamptz";
            case MONEY -> "numeric";
            case COUNT, INTEGER -> "integer";
            case BOOLEAN -> "boolean";
        };
    }
}
