package dev.bellwether.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalPoolInterceptor;

/**
 * Sets {@code app.tenant_id} on every connection the app takes from its pool, and clears it when
 * the connection goes back. Row-level security policies compare each row's {@code tenant_id}
 * with this setting, so native SQL is as tenant-safe as entity access: with no tenant, no row.
 */
@ApplicationScoped
public class TenantConnectionInterceptor implements AgroalPoolInterceptor {

    private static final String SET = "select set_config('app.tenant_id', ?, false)";

    @Override
    public void onConnectionAcquire(Connection connection) {
        set(connection, TenantContext.current().orElse(""));
    }

    @Override
    public void onConnectionReturn(Connection connection) {
        set(connection, "");
    }

    private static void set(Connection connection, String tenantId) {
        try (PreparedStatement statement = connection.prepareStatement(SET)) {
            statement.setString(1, tenantId);
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the tenant on a database connection", e);
        }
    }
}
