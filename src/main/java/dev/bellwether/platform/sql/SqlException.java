package dev.bellwether.platform.sql;

import java.sql.SQLException;

/** A database error, unchecked: what {@link Sql} throws instead of {@link SQLException}. */
public class SqlException extends RuntimeException {

    /** PostgreSQL's SQLSTATE for a wait for a lock given up ({@code lock_timeout}): lock not available. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";

    public SqlException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    /** Whether a wait for a lock was given up ({@code lock_timeout}: SQLSTATE 55P03, lock not available). */
    public boolean lockNotAvailable() {
        return LOCK_NOT_AVAILABLE.equals(sqlState());
    }

    /** The SQLSTATE of the database's error (e.g. {@code 23505}, a repeated key), or null. */
    public String sqlState() {
        return getCause() == null ? null : getCause().getSQLState();
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
