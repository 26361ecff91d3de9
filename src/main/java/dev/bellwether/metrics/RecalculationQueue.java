package dev.bellwether.metrics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Records that a tenant's metrics must be recalculated. At most one request per tenant is
 * pending: a request made while one is pending joins it, so a burst of changes costs one run.
 */
@ApplicationScoped
public class RecalculationQueue {

    /**
     * Requests a recalculation in the caller's transaction (so it exists exactly when the change
     * that asked for it commits); returns the id of the pending request it joined or created.
     */
    public long request(Connection connection, String tenant, String reason) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into recalculation (tenant_id, reason) values (?, ?)
                on conflict (tenant_id) where status = 'pending' do update set requested_at = now()
                returning id""")) {
            statement.setString(1, tenant);
            statement.setString(2, reason);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
