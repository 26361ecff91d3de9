package dev.bellwether.tenant;

import java.sql.Connection;

import jakarta.enterprise.context.ApplicationScoped;

import dev.bellwether.platform.sql.Sql;
import io.agroal.api.AgroalPoolInterceptor;

/**
 * Sets {@code app.tenant_id} on every connection the app takes from its pool, or clears it when the
 * taker has no tenant. Row-level security policies compare each row's {@code tenant_id} with this
 * setting, so native SQL is as tenant-safe as entity access: with no tenant, no row.
 *
 * <p>A connection going back keeps its setting: no one reaches a pooled connection but through
 * {@link #onConnectionAcquire}, which always writes it, so clearing it on the way back too was one
 * more round trip to the database per connection taken (four to six per page) guarding nothing. It
 * also could not guard a rolled-back transaction, which puts back whatever the setting was before it.
 *
 * <p>It uses {@code SET}, a utility statement, rather than {@code select set_config(…)}: a query
 * would start the transaction's snapshot, after which a caller could no longer choose its
 * isolation level. The value is a validated tenant id ({@link TenantClaim}), so quoting it is safe.
 */
@ApplicationScoped
public class TenantConnectionInterceptor implements AgroalPoolInterceptor {

    @Override
    public void onConnectionAcquire(Connection connection) {
        String tenant = TenantContext.current().orElse(null);
        if (tenant == null) {
            Sql.execute(connection, "reset app.tenant_id");
        } else if (TenantClaim.validate(tenant).isPresent()) {
            Sql.execute(connection, "set app.tenant_id to '" + tenant + "'");
        } else {
            throw new IllegalStateException("Refusing to set an invalid tenant id on a connection");
        }
    }
}
