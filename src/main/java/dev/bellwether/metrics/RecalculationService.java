package dev.bellwether.metrics;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.bellwether.alerts.AlertSync;
import dev.bellwether.health.HealthModelStore;
import dev.bellwether.metrics.calc.AccountFacts;
import dev.bellwether.metrics.calc.IncrementalFacts;
import dev.bellwether.metrics.calc.MetricsEngine;
import dev.bellwether.metrics.calc.Months;
import dev.bellwether.metrics.calc.TenantFacts;
import dev.bellwether.metrics.calc.UsageTail;
import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.sql.Sql;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * One recalculation of a tenant: loads its facts (one consistent snapshot of its data), runs the
 * pure engine with its current health model, and replaces its snapshots and alerts in one
 * transaction that also marks the request done. A failure rolls that transaction back: the old
 * snapshots stay whole.
 */
@ApplicationScoped
public class RecalculationService {

    private static final Logger LOG = Logger.getLogger(RecalculationService.class);
    private static final int TIMEOUT_SECONDS = 1800;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    FactsLoader loader;

    @Inject
    SnapshotWriter writer;

    @Inject
    AlertSync alerts;

    @Inject
    HealthModelStore models;

    @Inject
    RecalculationQueue queue;

    /**
     * Fault injection for the crash test (CrashDuringRecalculationIT): how long a run waits, its
     * figures computed and its lease renewed, before it saves them. Zero (never waits) outside that test.
     */
    @ConfigProperty(name = "bellwether.recalculation.hold-before-save", defaultValue = "0s")
    Duration holdBeforeSave;

    @Inject
    Clock clock;

    @Inject
    LastRuns lastRuns;

    /**
     * What a run read: the model, the facts, and, for an incremental run, the previous run it builds
     * on (null for a full one) and why it is full or incremental ({@code scope}).
     */
    private record Loaded(HealthModelStore.Versioned model, TenantFacts facts, LastRuns.LastRun previous, int from,
            String scope) {

        Loaded(HealthModelStore.Versioned model, TenantFacts facts, String scope) {
            this(model, facts, null, 0, scope);
        }
    }

    /** Runs a claimed request for the current tenant. */
    public void run(String tenant, RecalculationQueue.Claim claim) {
        long started = System.nanoTime();
        Loaded loaded = QuarkusTransaction.requiringNew().timeout(TIMEOUT_SECONDS).call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                Sql.execute(connection, "set transaction isolation level repeatable read, read only");
                HealthModelStore.Versioned model = models.current(connection, tenant);
                return read(connection, tenant, claim, model);
            }
        });
        long read = System.nanoTime();
        queue.progress(claim.id(), 50, "Calculating");
        LastRuns.LastRun previous = loaded.previous();
        MetricsEngine.Result result = loaded.facts() == null ? null
                : previous == null ? MetricsEngine.run(loaded.facts(), loaded.model().model())
                : MetricsEngine.run(loaded.facts(), loaded.model().model(), previous.result(), loaded.from());
        long calculated = System.nanoTime();
        String scope = result == null || result.reusedMonths() == 0 ? loaded.scope()
                : loaded.scope() + ", book figures of " + result.reusedMonths() + " earlier months reused";
        queue.progress(claim.id(), 70, "Saving the results");
        hold();
        lastRuns.forget(tenant); // until this run has committed, nothing may build on the previous one
        QuarkusTransaction.requiringNew().timeout(TIMEOUT_SECONDS).run(() -> {
            try (Connection connection = dataSource.getConnection()) {
                holdTenant(connection, tenant, claim.id());
                if (result == null) {
                    writer.clear(connection, tenant);
                    alerts.sync(connection, tenant, List.of(), Set.of(), Clocks.today(clock));
                } else {
                    if (previous == null) {
                        writer.write(connection, tenant, result, loaded.model().version(), claim.id());
                    } else {
                        writer.writeChanges(connection, tenant, result, previous.result(), loaded.model().version(),
                                claim.id());
                    }
                    alerts.sync(connection, tenant, result.alerts(), loaded.model().model().switchedOffRules(),
                            result.months().month(result.reportingMonth()).atDay(1));
                }
                queue.done(connection, claim.id(), scope);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not save the recalculation of " + tenant, e);
            }
        });
        if (result != null) {
            lastRuns.put(tenant, new LastRuns.LastRun(claim.id(), loaded.model().version(), loaded.model().model(),
                    loaded.facts(), result));
        }
        long saved = System.nanoTime();
        LOG.infof("Recalculated tenant %s (%d accounts, %d months, %s): read %.2f s, calculated %.2f s, saved %.2f s",
                tenant, loaded.facts() == null ? 0 : loaded.facts().accounts().size(),
                loaded.facts() == null ? 0 : loaded.facts().months().count(), scope, (read - started) / 1e9,
                (calculated - read) / 1e9, (saved - calculated) / 1e9);
    }

    /**
     * Reads what the run needs: only the changed part when the request is narrowed and this instance
     * holds the results the tenant's snapshots were saved from, with the same model; everything
     * otherwise. Runs in the read's REPEATABLE READ transaction.
     */
    private Loaded read(Connection connection, String tenant, RecalculationQueue.Claim claim,
            HealthModelStore.Versioned model) throws SQLException {
        IntConsumer progress = percent -> queue.progress(claim.id(), percent, "Reading the data");
        LastRuns.LastRun previous = lastRuns.get(tenant);
        String full = fullBecause(connection, tenant, claim, model, previous);
        Months months = full == null ? FactsLoader.months(connection, tenant) : null;
        if (full == null && months == null) {
            full = "full: no MRR data";
        }
        Months before = previous == null ? null : previous.facts().months();
        if (full == null && !months.month(0).equals(before.month(0))) {
            full = "full: the first month moved";
        }
        if (full == null && months.count() < before.count()) {
            full = "full: the last month went";
        }
        if (full != null) {
            return new Loaded(model, loader.load(connection, tenant, progress), full);
        }
        Narrowing narrowing = claim.narrowing();
        if (narrowing.from().isBefore(months.month(0))) {
            return new Loaded(model, loader.load(connection, tenant, progress), "full: changed before the first month");
        }
        int last = months.count() - 1;
        int from = Math.min(Math.min(narrowing.from().isAfter(months.month(last)) ? last
                : months.indexOf(narrowing.from()), before.count()), last);
        List<String> order = Sql.query(connection,
                "select account_id from account where tenant_id = ? order by account_id",
                row -> row.string("account_id"), tenant);
        Set<String> known = new HashSet<>();
        previous.facts().accounts().forEach(a -> known.add(a.id));
        List<String> added = order.stream().filter(id -> !known.contains(id)).toList();
        boolean newMonths = months.count() > before.count();
        List<String> changed = order.stream().filter(id -> known.contains(id)
                && (newMonths || narrowing.accounts().contains(id))).toList();
        boolean everyone = changed.size() == known.size() && order.size() - added.size() == known.size();
        // most of the book: every account is read, which costs less than filtering the rows to a long list
        // of them (9,602 of 10,000 accounts: 5.2 s against 2.5 s), and the others' facts are dropped
        boolean readAll = everyone || changed.size() * 2 > order.size();
        TenantFacts part = loader.loadPart(connection, tenant, months, from, readAll ? null : changed,
                previous.facts(), progress);
        if (!part.qbrSegments().equals(previous.facts().qbrSegments())) {
            return new Loaded(model, loader.load(connection, tenant, progress), "full: QBR segments changed");
        }
        Set<String> wanted = everyone ? null : new HashSet<>(changed);
        Map<String, AccountFacts> partial = new HashMap<>();
        for (AccountFacts account : part.accounts()) {
            if (wanted == null || wanted.contains(account.id)) {
                partial.put(account.id, account);
            }
        }
        Map<String, AccountFacts> whole = new HashMap<>();
        if (!added.isEmpty()) {
            loader.loadPart(connection, tenant, months, 0, added, null, progress).accounts()
                    .forEach(a -> whole.put(a.id, a));
        }
        // the tenant's features of the changed months: a read of every account's usage then, except when only
        // the last month changed, whose window the usage every account's facts keep covers (the events feed's
        // rounds): counted from the spliced facts, the changed accounts' as just read, the others' as kept
        boolean kept = !readAll && from == last && months.count() == before.count();
        int[] features = readAll ? part.tenantFeatures()
                : kept ? new int[months.count()] : loader.tenantFeatures(connection, tenant, months, from);
        TenantFacts facts = IncrementalFacts.splice(previous.facts(), months, from, order, partial, whole, features,
                part.qbrSegments());
        if (kept) {
            facts.tenantFeatures()[last] = UsageTail.distinctFeatures(facts.accounts(), months.lastDay(last) - 30,
                    months.lastDay(last));
        }
        return new Loaded(model, facts, previous, from, "incremental: from " + months.month(from) + ", "
                + (changed.size() + added.size()) + " of " + order.size() + " accounts");
    }

    /** Why the run must be a full one, or null when it may build on {@code previous}. */
    private static String fullBecause(Connection connection, String tenant, RecalculationQueue.Claim claim,
            HealthModelStore.Versioned model, LastRuns.LastRun previous) {
        if (claim.narrowing() == null) {
            return "full: requested";
        }
        if (previous == null) {
            return "full: no previous results in this instance";
        }
        if (previous.modelVersion() != model.version() || !previous.model().equals(model.model())) {
            return "full: the health model changed";
        }
        long last = Sql.one(connection, """
                select coalesce(max(id), 0) as id from recalculation
                where tenant_id = ? and id < ? and status <> 'pending'""", row -> row.longValue("id"), tenant,
                claim.id());
        if (last != previous.recalculationId()) {
            return "full: another run since this instance's last";
        }
        return null;
    }

    /**
     * Holds the tenant's row ({@code FOR KEY SHARE}) until the save commits. The snapshot, history and alert
     * tables have no foreign key to the tenant, so nothing else would make a deletion of the tenant wait for
     * the save: rows the save wrote after the deletion had passed their table would outlive the tenant, for a
     * new tenant given its id to read. Held, a deletion waits for the save; a save after a deletion finds no row
     * and gives up ({@link TenantGone}).
     */
    private static void holdTenant(Connection connection, String tenant, long id) {
        if (Sql.first(connection, "select 1 as held from tenant where id = ? for key share", row -> true, tenant)
                .isEmpty()) {
            throw new TenantGone(tenant, id);
        }
    }

    /** The tenant was deleted while its recalculation ran: the results are discarded, nothing is marked. */
    public static final class TenantGone extends RuntimeException {

        private static final long serialVersionUID = 1L;

        TenantGone(String tenant, long id) {
            super("Tenant " + tenant + " was deleted while recalculation " + id + " ran; its results were discarded",
                    null, false, false);
        }
    }

    private void hold() {
        if (holdBeforeSave.isZero()) {
            return;
        }
        try {
            Thread.sleep(holdBeforeSave.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fresh planner statistics for the current tenant's tables (after a large import). */
    public void refreshStatistics() {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("select bw_refresh_statistics()");
            LOG.infof("Refreshed the planner's statistics in %.2f s", (System.nanoTime() - started) / 1e9);
        } catch (SQLException e) {
            LOG.warn("Could not refresh the planner's statistics after an import", e);
        }
    }

}
