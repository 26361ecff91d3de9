package dev.bellwether.metrics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.metrics.PreparedInserts.Copy;
import dev.bellwether.metrics.PreparedInserts.Insert;
import dev.bellwether.metrics.PreparedInserts.Preparer;
import dev.bellwether.metrics.PreparedInserts.SqlArray;
import dev.bellwether.metrics.PreparedInserts.Step;
import dev.bellwether.metrics.calc.AccountFacts;
import dev.bellwether.metrics.calc.AccountResult;
import dev.bellwether.metrics.calc.MetricsEngine;
import dev.bellwether.metrics.calc.Slice;
import dev.bellwether.metrics.calc.TenantMetrics;
import dev.bellwether.platform.sql.CopyRows;
import dev.bellwether.platform.sql.Sql;
import io.smallrye.context.api.NamedInstance;

/**
 * Replaces a tenant's snapshots with a recalculation's results, in the caller's transaction, so
 * pages and the API switch from the old figures to the new ones at once when it commits. Rows go
 * in a few statements for hundreds of thousands of rows: the figures and history as arrays
 * ({@code unnest}), the account snapshots copied ({@code COPY}) into a temporary table in batches
 * of 1,000 rows, then inserted from there in one statement ({@code COPY} cannot write into a table
 * under row-level security).
 *
 * <p>The statements' data (the explained scores' inputs as JSON, the history as array literals) is
 * prepared on two threads of their own (the accounts' snapshots in batches, the history at the same
 * time), while the caller's thread runs the statements already prepared ({@link PreparedInserts}):
 * the database and the preparing then overlap instead of taking turns. The first batch is small, so
 * that the database starts early.
 */
@ApplicationScoped
public class SnapshotWriter {

    /** Accounts per {@code COPY} of account snapshots: the first runs while the next are prepared. */
    int accountBatch = 1_000;
    /** Accounts in the first {@code COPY}: the database starts on it while the first full batch is prepared. */
    int firstBatch = 500;

    /**
     * Where a save copies its account snapshots before one insert moves them into {@code account_snapshot}.
     * The MRR goes as {@code float8}, as it did as a statement's parameter: the insert then converts it
     * to {@code numeric} exactly as it always has.
     */
    private static final String ACCOUNTS_COPIED = """
            create temp table account_snapshot_in (account_id text collate "C", active boolean, mrr float8,
              health float8, band text, previous_health float8, detail text, measures jsonb) on commit drop""";

    @Inject
    ObjectMapper json;

    @Inject
    @NamedInstance(EngineThreads.NAME)
    ManagedExecutor encoders;

    /** The breakdowns stored as scopes of their own (segment and CSM are stored as they always were). */
    static final List<Slice> STORED_SLICES = List.of(Slice.INDUSTRY, Slice.PLAN, Slice.TENURE);

    public void write(Connection connection, String tenant, MetricsEngine.Result result, int modelVersion,
            long recalculationId) throws SQLException {
        int m = result.reportingMonth();
        save(connection, tenant, result, null, modelVersion, recalculationId,
                List.of("metric_snapshot", "account_snapshot", "account_history"), List.of(into -> {
                    into.add(metricsInsert(tenant, metricRows(result)));
                    prepareAccounts(result.accounts(), m, modelVersion, into);
                }, into -> prepareHistory(tenant, result, result.accounts(), 0, modelVersion, into)));
    }

    /**
     * Writes only what differs from {@code previous}, the results the tenant's snapshots hold now
     * (the caller guarantees it: they were saved by the tenant's last run, with the same model): the
     * tenant metrics rows whose figures changed, and the rows of the accounts whose results are not
     * the previous run's own objects (an incremental run reuses those of unchanged accounts). A new
     * reporting month rewrites every account's snapshot row, as it must. An account's history is
     * rewritten only when one of its stored months changed; when they all stayed (next month's import),
     * its new months are appended as a row of their own. The tenant's row keeps the documents that did
     * not change.
     */
    public void writeChanges(Connection connection, String tenant, MetricsEngine.Result result,
            MetricsEngine.Result previous, int modelVersion, long recalculationId) throws SQLException {
        int m = result.reportingMonth();
        boolean sameMonth = previous.months().month(previous.reportingMonth()).equals(result.months().month(m));
        Map<String, AccountResult> before = new HashMap<>();
        for (AccountResult account : previous.accounts()) {
            before.put(account.facts().id, account);
        }
        List<AccountResult> changed = new ArrayList<>();
        Set<String> gone = new HashSet<>(before.keySet());
        for (AccountResult account : result.accounts()) {
            gone.remove(account.facts().id);
            if (before.get(account.facts().id) != account) {
                changed.add(account);
            }
        }
        List<String> rewritten = new ArrayList<>(gone);
        changed.forEach(account -> rewritten.add(account.facts().id));
        // an account whose stored months are all as they were gets its new months appended
        int stored = previous.months().count();
        boolean sameAxis = previous.months().month(0).equals(result.months().month(0));
        List<AccountResult> extended = new ArrayList<>();
        List<AccountResult> rewrittenHistory = new ArrayList<>();
        List<String> historyGone = new ArrayList<>(gone);
        for (AccountResult account : changed) {
            if (sameAxis && sameHistory(before.get(account.facts().id), account, stored)) {
                extended.add(account);
            } else {
                rewrittenHistory.add(account);
                historyGone.add(account.facts().id);
            }
        }
        // equal figures are equal JSON: the months an incremental run reused are even the same objects
        Map<MetricKey, TenantMetrics> now = metricRows(result);
        Map<MetricKey, TenantMetrics> then = metricRows(previous);
        Map<MetricKey, TenantMetrics> metrics = new LinkedHashMap<>();
        now.forEach((key, figures) -> {
            if (!figures.equals(then.get(key))) {
                metrics.put(key, figures);
            }
        });
        Set<MetricKey> staleMetrics = new HashSet<>(then.keySet());
        staleMetrics.removeAll(now.keySet());
        staleMetrics.addAll(metrics.keySet());
        try (PreparedStatement delete = connection.prepareStatement("""
                delete from metric_snapshot s using unnest(?::date[], ?::text[], ?::text[]) d(month, scope, scope_key)
                where s.tenant_id = ? and s.month = d.month and s.scope = d.scope and s.scope_key = d.scope_key""")) {
            delete.setArray(1, connection.createArrayOf("date",
                    staleMetrics.stream().map(k -> java.sql.Date.valueOf(k.month() + "-01")).toArray()));
            delete.setArray(2, connection.createArrayOf("text", staleMetrics.stream().map(MetricKey::scope).toArray()));
            delete.setArray(3, connection.createArrayOf("text", staleMetrics.stream().map(MetricKey::key).toArray()));
            delete.setString(4, tenant);
            delete.executeUpdate();
        }
        String[] ids = rewritten.toArray(String[]::new);
        if (sameMonth) {
            deleteAccounts(connection, tenant, "account_snapshot", ids);
        } else {
            delete(connection, tenant, List.of("account_snapshot"));
        }
        deleteAccounts(connection, tenant, "account_history", historyGone.toArray(String[]::new));
        save(connection, tenant, result, previous, modelVersion, recalculationId, List.of(), List.of(into -> {
            if (!metrics.isEmpty()) {
                into.add(metricsInsert(tenant, metrics));
            }
            prepareAccounts(sameMonth ? changed : result.accounts(), m, modelVersion, into);
        }, into -> {
            prepareHistory(tenant, result, rewrittenHistory, 0, modelVersion, into);
            prepareHistory(tenant, result, extended, stored, modelVersion, into);
        }));
    }

    /**
     * Whether the history stored for {@code before} (its active months among the first
     * {@code stored}) is what {@code now} has in those months: then only its later months need writing.
     */
    private static boolean sameHistory(AccountResult before, AccountResult now, int stored) {
        if (before == null) {
            return false;
        }
        for (int i = 0; i < stored; i++) {
            boolean active = now.facts().active(i);
            if (active != before.facts().active(i) || active && (Double.compare(now.facts().mrr(i),
                    before.facts().mrr(i)) != 0 || !Objects.equals(now.health(i), before.health(i))
                    || now.band(i) != before.band(i))) {
                return false;
            }
        }
        return true;
    }

    private static void deleteAccounts(Connection connection, String tenant, String table, String[] ids)
            throws SQLException {
        if (ids.length == 0) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "delete from " + table + " where tenant_id = ? and account_id = any(?::text[])")) {
            delete.setString(1, tenant);
            delete.setArray(2, connection.createArrayOf("text", ids));
            delete.executeUpdate();
        }
    }

    /**
     * Empties {@code emptied} while {@code preparers} start preparing their inserts, runs those, and
     * then writes the tenant's own snapshot row: whole, or what differs from {@code previous}'s when the
     * run builds on that one ({@link TenantSnapshotRow}).
     */
    private void save(Connection connection, String tenant, MetricsEngine.Result result, MetricsEngine.Result previous,
            int modelVersion, long recalculationId, List<String> emptied, List<Preparer> preparers)
            throws SQLException {
        int m = result.reportingMonth();
        PreparedInserts.run(encoders, connection, () -> {
            delete(connection, tenant, emptied);
            Sql.execute(connection, "drop table if exists account_snapshot_in");
            Sql.execute(connection, ACCOUNTS_COPIED);
        }, preparers);
        Sql.update(connection, """
                insert into account_snapshot (tenant_id, account_id, month, active, mrr, health, band, previous_health,
                                              detail, measures)
                select ?, account_id, ?, active, mrr, health, band, previous_health, detail, measures
                from account_snapshot_in""", tenant, result.months().month(m).atDay(1));
        TenantSnapshotRow row = new TenantSnapshotRow(this::write);
        if (previous == null) {
            row.upsert(connection, tenant, result, modelVersion, recalculationId);
        } else {
            row.update(connection, tenant, result, previous, modelVersion, recalculationId);
        }
    }

    /** A tenant without MRR data: no figures at all (its old ones, if any, go). */
    public void clear(Connection connection, String tenant) throws SQLException {
        delete(connection, tenant,
                List.of("metric_snapshot", "account_snapshot", "account_history", "tenant_snapshot"));
    }

    private static void delete(Connection connection, String tenant, List<String> tables) throws SQLException {
        for (String table : tables) {
            try (PreparedStatement delete =
                    connection.prepareStatement("delete from " + table + " where tenant_id = ?")) {
                delete.setString(1, tenant);
                delete.executeUpdate();
            }
        }
    }

    /** A row of {@code metric_snapshot}: month (yyyy-MM), scope and key. */
    private record MetricKey(String month, String scope, String key) {
    }

    /** Every {@code metric_snapshot} row of a result, in the order they have always been written. */
    private static Map<MetricKey, TenantMetrics> metricRows(MetricsEngine.Result result) {
        Map<MetricKey, TenantMetrics> rows = new LinkedHashMap<>();
        for (int i = 0; i < result.months().count(); i++) {
            add(rows, result.tenant().get(i), "tenant", "");
            for (Map.Entry<String, List<TenantMetrics>> segment : result.bySegment().entrySet()) {
                add(rows, segment.getValue().get(i), "segment", segment.getKey());
            }
            for (Map.Entry<String, List<TenantMetrics>> csm : result.byCsm().entrySet()) {
                add(rows, csm.getValue().get(i), "csm", csm.getKey());
            }
            for (Slice by : STORED_SLICES) {
                for (Map.Entry<String, List<TenantMetrics>> slice : result.slices(by).entrySet()) {
                    if (slice.getValue().get(i) != null) {
                        add(rows, slice.getValue().get(i), by.key(), slice.getKey());
                    }
                }
            }
        }
        return rows;
    }

    private Insert metricsInsert(String tenant, Map<MetricKey, TenantMetrics> rows) {
        List<String> months = new ArrayList<>();
        List<String> scopes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        rows.forEach((key, figures) -> {
            months.add(key.month());
            scopes.add(key.scope());
            keys.add(key.key());
            metrics.add(write(figures));
        });
        return new Insert("""
                insert into metric_snapshot (tenant_id, month, scope, scope_key, metrics)
                select ?, (m || '-01')::date, s, k, j::jsonb
                from unnest(?::text[], ?::text[], ?::text[], ?::text[]) t(m, s, k, j)""",
                List.of(tenant, text(months), text(scopes), text(keys), text(metrics)));
    }

    private static void add(Map<MetricKey, TenantMetrics> rows, TenantMetrics value, String scope, String key) {
        rows.put(new MetricKey(value.month(), scope, key), value);
    }

    /** The accounts' snapshot rows for {@code account_snapshot_in}, a {@code COPY} per batch. */
    private void prepareAccounts(List<AccountResult> all, int m, int modelVersion, BlockingQueue<Step> into) {
        for (int from = 0; from < all.size();) {
            List<AccountResult> batch = all.subList(from,
                    Math.min(all.size(), from + (from == 0 ? Math.min(firstBatch, accountBatch) : accountBatch)));
            from += batch.size();
            CopyRows rows = new CopyRows();
            for (AccountResult account : batch) {
                AccountFacts facts = account.facts();
                AccountDetail.Stored explained = AccountDetail.Stored.of(account, m, modelVersion);
                rows.add(facts.id, facts.active(m), facts.mrr(m), account.health(m),
                        account.band(m) == null ? null : account.band(m).key(), account.health(m - 1),
                        write(explained), write(explained.values()));
            }
            into.add(new Copy("copy account_snapshot_in from stdin", rows));
        }
    }

    /**
     * A row per account active in a month from {@code from} on: those active months and their figures
     * as arrays. Nothing when no account is.
     */
    private static void prepareHistory(String tenant, MetricsEngine.Result result, List<AccountResult> accounts,
            int from, int modelVersion, BlockingQueue<Step> into) {
        List<String> ids = new ArrayList<>();
        List<String> months = new ArrayList<>();
        List<String> mrr = new ArrayList<>();
        List<String> health = new ArrayList<>();
        List<String> band = new ArrayList<>();
        ArrayLiteral m = new ArrayLiteral();
        ArrayLiteral r = new ArrayLiteral();
        ArrayLiteral h = new ArrayLiteral();
        ArrayLiteral b = new ArrayLiteral();
        for (AccountResult account : accounts) {
            for (int i = from; i < result.months().count(); i++) {
                if (account.facts().active(i)) {
                    m.add(result.months().month(i).atDay(1));
                    r.add(account.facts().mrr(i));
                    h.add(account.health(i));
                    b.add(account.band(i) == null ? null : account.band(i).key());
                }
            }
            if (!m.isEmpty()) {
                ids.add(account.facts().id);
                months.add(m.take());
                mrr.add(r.take());
                health.add(h.take());
                band.add(b.take());
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        into.add(new Insert("""
                insert into account_history (tenant_id, account_id, since, months, mrr, health, band, model_version)
                select ?, a, (m::date[])[1], m::date[], r::numeric(18,4)[], h::float8[], b::text[], ?
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) t(a, m, r, h, b)""",
                List.of(tenant, modelVersion, text(ids), text(months), text(mrr), text(health), text(band))));
    }

    private static SqlArray text(List<String> values) {
        return new SqlArray("text", values.toArray());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
