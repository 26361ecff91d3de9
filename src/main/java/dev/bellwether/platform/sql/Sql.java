package dev.bellwether.platform.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one helper for SQL that stays JDBC (COPY, set-based writes, engine reads): statements with
 * parameters bound in order, rows read by column name ({@link Row}), {@link SQLException} wrapped
 * in {@link SqlException}. Binds: null, {@link StoredWord} (as its word), {@link Instant} (as a
 * timestamp), arrays and whatever the driver's {@code setObject} takes ({@code LocalDate},
 * {@code UUID}, numbers, text).
 *
 * <p>Inside a JTA transaction, {@code dataSource.getConnection()} answers the transaction's own
 * connection, so code that takes a connection from the data source joins the caller's transaction;
 * {@link Database} does exactly that.
 */
public final class Sql {

    private Sql() {
    }

    /**
     * Runs a statement: without parameters as a plain statement (a {@code set local}, a savepoint, a DDL),
     * with them prepared (a function call whose result does not matter).
     */
    public static void execute(Connection connection, String sql, Object... parameters) {
        try {
            if (parameters.length == 0) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                }
            } else {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    bind(statement, parameters);
                    statement.execute();
                }
            }
        } catch (SQLException e) {
            throw new SqlException("Could not run " + firstWords(sql), e);
        }
    }

    /** Runs an insert, update or delete; answers the number of rows it changed. */
    public static int update(Connection connection, String sql, Object... parameters) {
        return Math.toIntExact(largeUpdate(connection, sql, parameters));
    }

    /** {@link #update} for statements that may change more than 2^31 rows (imports). */
    public static long largeUpdate(Connection connection, String sql, Object... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeLargeUpdate();
        } catch (SQLException e) {
            throw new SqlException("Could not run " + firstWords(sql), e);
        }
    }

    /** Every row of a query, mapped; null values are left out. */
    public static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, Object... parameters) {
        return query(connection, sql, 0, mapper, parameters);
    }

    /** Every row of a query read {@code fetchSize} rows at a time (within a transaction), mapped. */
    public static <T> List<T> query(Connection connection, String sql, int fetchSize, RowMapper<T> mapper,
            Object... parameters) {
        List<T> results = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            if (fetchSize > 0) {
                statement.setFetchSize(fetchSize);
            }
            try (ResultSet rows = statement.executeQuery()) {
                Row row = new Row(rows);
                while (rows.next()) {
                    T value = mapper.map(row);
                    if (value != null) {
                        results.add(value);
                    }
                }
            }
        } catch (SQLException e) {
            throw new SqlException("Could not run " + firstWords(sql), e);
        }
        return results;
    }

    /** The first row of a query, mapped; empty when there is none (or it maps to null). */
    public static <T> Optional<T> first(Connection connection, String sql, RowMapper<T> mapper, Object... parameters) {
        return Optional.ofNullable(firstRow(connection, sql, mapper, parameters, false));
    }

    /** The row a query must answer (a count, a function's result, an insert's {@code returning}), mapped. */
    public static <T> T one(Connection connection, String sql, RowMapper<T> mapper, Object... parameters) {
        return firstRow(connection, sql, mapper, parameters, true);
    }

    private static <T> T firstRow(Connection connection, String sql, RowMapper<T> mapper, Object[] parameters,
            boolean required) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    if (required) {
                        throw new IllegalStateException("No row from " + firstWords(sql));
                    }
                    return null;
                }
                return mapper.map(new Row(rows));
            }
        } catch (SQLException e) {
            throw new SqlException("Could not run " + firstWords(sql), e);
        }
    }

    /** Binds {@code parameters} to the statement's placeholders, in order. */
    public static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value == null) {
                statement.setNull(i + 1, Types.OTHER);
            } else if (value instanceof StoredWord word) {
                statement.setString(i + 1, word.word());
            } else if (value instanceof Instant instant) {
                statement.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (value instanceof Object[] array) {
                statement.setArray(i + 1, statement.getConnection().createArrayOf(arrayType(array), array));
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    private static String arrayType(Object[] array) {
        if (array instanceof Long[]) {
            return "bigint";
        }
        if (array instanceof Integer[]) {
            return "integer";
        }
        return "text";
    }

    private static String firstWords(String sql) {
        String flat = sql.strip().replaceAll("\\s+", " ");
        return flat.length() <= 60 ? flat : flat.substring(0, 60) + "…";
    }
}
