package dev.bellwether.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.platform.sql.Sql;
import dev.bellwether.platform.sql.SqlException;
import io.agroal.api.AgroalDataSource;

/**
 * The older way to read on the app's data source, kept for the callers that still map a
 * {@link ResultSet} by hand (metrics' snapshots, the coverage page): new code uses
 * {@link dev.bellwether.platform.sql.Database}, which reads rows by column name.
 */
@ApplicationScoped
public class TenantReads {

    /** Maps the current row; a null result is left out of the list. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    @Inject
    AgroalDataSource dataSource;

    /** Runs {@code sql} with {@code parameters} bound in order; {@code what} names the data in the error. */
    public <T> List<T> list(String what, String sql, List<?> parameters, Row<T> mapper) {
        List<T> results = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.bind(statement, parameters.toArray());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    T value = mapper.read(rows);
                    if (value != null) {
                        results.add(value);
                    }
                }
            }
        } catch (SQLException e) {
            throw new SqlException("Could not read " + what, e);
        }
        return results;
    }
}
