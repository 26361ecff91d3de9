package dev.bellwether.platform.sql;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The current row of a query, read by column name (its label in the select list). The {@code nullable…}
 * getters answer null for SQL null; the primitive ones refuse it, so a missing value never reads as 0.
 */
public final class Row {

    private final ResultSet rows;

    Row(ResultSet rows) {
        this.rows = rows;
    }

    public String string(String column) {
        return read(column, () -> rows.getString(column));
    }

    /** A bytea column's bytes, null for SQL null. */
    public byte[] bytes(String column) {
        return read(column, () -> rows.getBytes(column));
    }

    public int integer(String column) {
        return notNull(column, nullableInt(column));
    }

    public Integer nullableInt(String column) {
        return nullable(column, () -> rows.getInt(column));
    }

    public long longValue(String column) {
        return notNull(column, nullableLong(column));
    }

    public Long nullableLong(String column) {
        return nullable(column, () -> rows.getLong(column));
    }

    public double doubleValue(String column) {
        return notNull(column, nullableDouble(column));
    }

    public Double nullableDouble(String column) {
        return nullable(column, () -> rows.getDouble(column));
    }

    public BigDecimal decimal(String column) {
        return read(column, () -> rows.getBigDecimal(column));
    }

    public boolean bool(String column) {
        return notNull(column, nullableBool(column));
    }

    public Boolean nullableBool(String column) {
        return nullable(column, () -> rows.getBoolean(column));
    }

    /** A {@code date} column; null for SQL null. */
    public LocalDate localDate(String column) {
        return read(column, () -> {
            Date value = rows.getDate(column);
            return value == null ? null : value.toLocalDate();
        });
    }

    /** A {@code timestamptz} column; null for SQL null. */
    public Instant instant(String column) {
        return read(column, () -> {
            Timestamp value = rows.getTimestamp(column);
            return value == null ? null : value.toInstant();
        });
    }

    public UUID uuid(String column) {
        return read(column, () -> rows.getObject(column, UUID.class));
    }

    /** A {@code bigint[]} column; null for SQL null. */
    public Long[] longArray(String column) {
        return read(column, () -> {
            java.sql.Array value = rows.getArray(column);
            return value == null ? null : (Long[]) value.getArray();
        });
    }

    /** A {@code text[]} column; null for SQL null. */
    public String[] stringArray(String column) {
        return read(column, () -> {
            java.sql.Array value = rows.getArray(column);
            return value == null ? null : (String[]) value.getArray();
        });
    }

    /** A text column holding a {@link StoredWord}; null for SQL null. */
    public <E extends Enum<E> & StoredWord> E word(String column, Class<E> type) {
        String value = string(column);
        return value == null ? null : StoredWord.of(type, value);
    }

    private static <T> T notNull(String column, T value) {
        if (value == null) {
            throw new IllegalStateException("Column " + column + " is null");
        }
        return value;
    }

    @FunctionalInterface
    private interface Read<T> {
        T get() throws SQLException;
    }

    /** A primitive getter's value, or null when the column was SQL null. */
    private <T> T nullable(String column, Read<T> read) {
        return read(column, () -> {
            T value = read.get();
            return rows.wasNull() ? null : value;
        });
    }

    private static <T> T read(String column, Read<T> read) {
        try {
            return read.get();
        } catch (SQLException e) {
            throw new SqlException("Could not read column " + column, e);
        }
    }
}
