package dev.bellwether.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A recalculation's save held off: the tenant's snapshot row locked, as a save locks it first, on a
 * superuser connection of its own; closing rolls back whatever was not committed.
 */
public final class SnapshotRowHold implements AutoCloseable {

    private final Connection connection;

    private SnapshotRowHold(Connection connection) {
        this.connection = connection;
    }

    /** Locks {@code tenant}'s snapshot row until {@link #commit} or {@link #close}. */
    public static SnapshotRowHold of(String tenant) throws SQLException {
        Connection connection = DatabaseBootstrap.superuserConnection();
        try {
            connection.setAutoCommit(false);
            SnapshotRowHold hold = new SnapshotRowHold(connection);
            hold.execute("select 1 from tenant_snapshot where tenant_id = '" + tenant + "' for update");
            return hold;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /** Runs {@code sql} in the holding transaction (what a save does next, say). */
    public void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    public void commit() throws SQLException {
        connection.commit();
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
