package dev.bellwether.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/**
 * Plain JDBC reads on the app's data source, so in the current tenant: the connection interceptor
 * sets {@code app.tenant_id} and row-level security filters every row. For the read models that
 * are tables of numbers rather than entities.
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
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    T value = mapper.read(rows);
                    if (value != null) {
                        results.add(value);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read " + what, e);
        }
        return results;
    }
}
