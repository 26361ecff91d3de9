package dev.bellwether.platform.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/**
 * {@link Sql} on the app's data source, so in the current tenant (the connection interceptor sets
 * {@code app.tenant_id}; row-level security filters every row). Each call takes a connection from the
 * data source: inside a JTA transaction ({@code @Transactional}) that is the transaction's connection,
 * so the statement joins it; outside one, the statement runs on its own.
 */
@ApplicationScoped
public class Database {

    @Inject
    AgroalDataSource dataSource;

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        return with(connection -> Sql.query(connection, sql, mapper, parameters));
    }

    public <T> Optional<T> first(String sql, RowMapper<T> mapper, Object... parameters) {
        return with(connection -> Sql.first(connection, sql, mapper, parameters));
    }

    public <T> T one(String sql, RowMapper<T> mapper, Object... parameters) {
        return with(connection -> Sql.one(connection, sql, mapper, parameters));
    }

    public int update(String sql, Object... parameters) {
        return with(connection -> Sql.update(connection, sql, parameters));
    }

    /** Runs {@code work} on a connection of the data source (the transaction's, inside one). */
    public <T> T with(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new SqlException("Could not use a database connection", e);
        }
    }

    /** Work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
