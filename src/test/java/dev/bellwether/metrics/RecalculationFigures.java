package dev.bellwether.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.TenantData;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * For tests that run the recalculation queue themselves (the worker off): runs a tenant's pending request,
 * reads every stored figure of the tenant, and compares an incremental run's figures with a full
 * recalculation's of the same data, row by row.
 */
@ApplicationScoped
public class RecalculationFigures {

    @Inject
    RecalculationQueue queue;

    @Inject
    RecalculationService service;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TenantData data;

    /** Recalculates everything and compares its figures with {@code incremental}, an incremental run's. */
    public void assertFullGives(String tenant, Map<String, List<String>> incremental, String what) {
        requestEverything(tenant);
        assertEquals("full: requested", runPending(tenant));
        assertSameFigures(incremental, figures(tenant), what);
    }

    private static void assertSameFigures(Map<String, List<String>> incremental, Map<String, List<String>> full,
            String what) {
        assertEquals(full.keySet(), incremental.keySet());
        for (String table : full.keySet()) {
            assertTrue(!full.get(table).isEmpty() || table.equals("alert"), table + " has rows");
            List<String> a = incremental.get(table);
            List<String> b = full.get(table);
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                assertEquals(b.get(i), a.get(i), what + ": " + table + " row " + i);
            }
            assertEquals(b.size(), a.size(), what + ": " + table + " rows");
        }
    }

    /** Every stored figure of the tenant, table by table, as comparable rows. */
    public Map<String, List<String>> figures(String tenant) {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("metric_snapshot", "select month || ' ' || scope || ' ' || scope_key || ' ' || metrics::text"
                + " from metric_snapshot order by month, scope, scope_key");
        queries.put("account_snapshot", "select (to_jsonb(s) - 'tenant_id')::text from account_snapshot s"
                + " order by account_id");
        // as the pages read it: an incremental run may have appended months as rows of their own
        queries.put("account_history", "select (to_jsonb(h) - 'tenant_id')::text from account_month h"
                + " order by account_id, month");
        queries.put("tenant_snapshot", "select reporting_month || ' ' || first_month || ' ' || model_version || ' '"
                + " || cohorts::text || ' ' || health_accuracy::text || ' ' || csm_load::text || ' '"
                + " || churn_drivers::text || ' ' || md5(driver_sample) from tenant_snapshot");
        queries.put("alert", "select (to_jsonb(a) - 'tenant_id' - 'opened_at' - 'resolved_at')::text from alert a"
                + " order by id");
        Map<String, List<String>> figures = new LinkedHashMap<>();
        queries.forEach((table, sql) -> figures.put(table, rows(tenant, sql)));
        return figures;
    }

    /** The first column of every row {@code sql} answers, read as the tenant. */
    public List<String> rows(String tenant, String sql) {
        return TenantContext.call(tenant, () -> {
            List<String> rows = new ArrayList<>();
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery(sql)) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
            return rows;
        });
    }

    /** Runs the statements as the tenant, in one transaction. */
    public void execute(String tenant, String... sql) {
        TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                for (String s : sql) {
                    statement.execute(s);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    /** Asks for a recalculation of the tenant, narrowed to {@code narrowing} (everything when null). */
    public void request(String tenant, Narrowing narrowing) {
        TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection()) {
                queue.request(connection, tenant, "test", narrowing);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    public void requestEverything(String tenant) {
        request(tenant, null);
    }

    /** Runs the tenant's pending request; answers what the run did. */
    public String runPending(String tenant) {
        RecalculationQueue.Claim claim = TenantContext.call(tenant, () -> queue.claim(tenant).orElseThrow());
        TenantContext.run(tenant, () -> service.run(tenant, claim));
        return data.single(tenant, "select status || '|' || scope from recalculation where id = " + claim.id())
                .substring("done|".length());
    }

    /** The pending request's narrowing: its first month and accounts, or "everything". */
    public String pending(String tenant) {
        return data.single(tenant, "select coalesce(changed_from || '|' || changed_accounts::text, 'everything')"
                + " from recalculation where status = 'pending'");
    }
}
