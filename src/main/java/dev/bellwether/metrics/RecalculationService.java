package dev.bellwether.metrics;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.bellwether.alerts.AlertSync;
import dev.bellwether.health.HealthModelStore;
import dev.bellwether.metrics.calc.MetricsEngine;
import dev.bellwether.metrics.calc.TenantFacts;
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

    private record Loaded(HealthModelStore.Versioned model, TenantFacts facts) {
    }

    /** Runs a claimed request for the current tenant. */
    public void run(String tenant, RecalculationQueue.Claim claim) {
        long started = System.nanoTime();
        Loaded loaded = QuarkusTransaction.requiringNew().timeout(TIMEOUT_SECONDS).call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                Sql.execute(connection, "set transaction isolation level repeatable read, read only");
                HealthModelStore.Versioned model = models.current(connection, tenant);
                TenantFacts facts = loader.load(connection, tenant,
                        percent -> queue.progress(claim.id(), percent, "Reading the data"));
                return new Loaded(model, facts);
            }
        });
        long read = System.nanoTime();
        queue.progress(claim.id(), 50, "Calculating");
        MetricsEngine.Result result = loaded.facts() == null ? null
                : MetricsEngine.run(loaded.facts(), loaded.model().model());
        long calculated = System.nanoTime();
        queue.progress(claim.id(), 70, "Saving the results");
        hold();
        QuarkusTransaction.requiringNew().timeout(TIMEOUT_SECONDS).run(() -> {
            try (Connection connection = dataSource.getConnection()) {
                if (result == null) {
                    writer.clear(connection, tenant);
                    alerts.sync(connection, tenant, List.of(), Clocks.today(clock));
                } else {
                    writer.write(connection, tenant, result, loaded.model().version(), claim.id());
                    alerts.sync(connection, tenant, result.alerts(),
                            result.months().month(result.reportingMonth()).atDay(1));
                }
                queue.done(connection, claim.id());
            } catch (SQLException e) {
                throw new IllegalStateException("Could not save the recalculation of " + tenant, e);
            }
        });
        long saved = System.nanoTime();
        LOG.infof("Recalculated tenant %s (%d accounts, %d months): read %.2f s, calculated %.2f s, saved %.2f s",
                tenant, loaded.facts() == null ? 0 : loaded.facts().accounts().size(),
                loaded.facts() == null ? 0 : loaded.facts().months().count(), (read - started) / 1e9,
                (calculated - read) / 1e9, (saved - calculated) / 1e9);
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
