package dev.bellwether.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.tenant.TenantContext;
import io.agroal.api.AgroalDataSource;

/** Reads a tenant's imported data through the app's own datasource (so under row-level security). */
@ApplicationScoped
public class TenantData {

    public static final List<String> TABLES = List.of("account", "mrr", "product_usage", "survey_response", "ticket",
            "activity", "opportunity");

    @Inject
    AgroalDataSource dataSource;

    /**
     * Per table: row count and a digest of every row (without its tenant id, so two tenants' data
     * can be compared), to prove an import changed nothing.
     */
    public Map<String, String> fingerprint(String tenant) {
        Map<String, String> prints = new LinkedHashMap<>();
        for (String table : TABLES) {
            prints.put(table, single(tenant,
                    "select count(*) || ':' || coalesce(md5(string_agg(r, '|' order by r)), '')"
                    + " from (select (to_jsonb(t) - 'tenant_id')::text r from " + table + " t) rows"));
        }
        return prints;
    }

    public long count(String tenant, String table) {
        return Long.parseLong(single(tenant, "select count(*) from " + table));
    }

    /** The first column of the first row of {@code sql}, run as {@code tenant}. */
    public String single(String tenant, String sql) {
        return TenantContext.call(tenant, () -> {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(sql)) {
                return rows.next() ? rows.getString(1) : null;
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        });
    }
}
