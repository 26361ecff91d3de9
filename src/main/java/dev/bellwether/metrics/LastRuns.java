package dev.bellwether.metrics;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.bellwether.health.HealthModel;
import dev.bellwether.metrics.calc.MetricsEngine;
import dev.bellwether.metrics.calc.TenantFacts;
import dev.bellwether.tenant.TenantDeleted;

/**
 * The facts and results of each tenant's last recalculation in this app instance, which the next one
 * may build on when its request is narrowed (docs/architecture.md, "Incremental recalculation"). It is
 * only a cache: a run uses it only when the tenant's last finished run is the one it holds (no other
 * instance ran since, none failed since) and the health model is the same; otherwise, or after a
 * restart, the run is a full one. The least recently used tenants go first once the cached accounts
 * pass {@code bellwether.recalculation.incremental.max-accounts} (an account of more than two years of months
 * counting for more than one: {@link LastRun#size}).
 */
@ApplicationScoped
public class LastRuns {

    /** The months of the data the cap's cost per account was measured with (docs/deployment.md). */
    static final int MEASURED_MONTHS = 24;

    /** A finished run: its request's id, model, facts and results. */
    public record LastRun(long recalculationId, int modelVersion, HealthModel model, TenantFacts facts,
            MetricsEngine.Result result) {

        /**
         * What it holds, in accounts of two years of months (what the cap was measured with): an account's
         * arrays and its tenant's tallies grow with the months, so a tenant whose data starts decades back (a
         * stray "1926-03" among its MRR) counts for as many two-year accounts as its months make.
         */
        long size() {
            return (long) facts.accounts().size() * Math.max(MEASURED_MONTHS, facts.months().count())
                    / MEASURED_MONTHS;
        }
    }

    @ConfigProperty(name = "bellwether.recalculation.incremental.max-accounts", defaultValue = "100000")
    int maxAccounts;

    @ConfigProperty(name = "bellwether.recalculation.incremental.enabled", defaultValue = "true")
    boolean enabled;

    private final Map<String, LastRun> runs = new LinkedHashMap<>(16, 0.75f, true);
    private long accounts;

    public synchronized LastRun get(String tenant) {
        return enabled ? runs.get(tenant) : null;
    }

    public synchronized void put(String tenant, LastRun run) {
        forget(tenant);
        if (!enabled || run.size() > maxAccounts) {
            return;
        }
        runs.put(tenant, run);
        accounts += run.size();
        for (Iterator<LastRun> oldest = runs.values().iterator(); accounts > maxAccounts && oldest.hasNext();) {
            accounts -= oldest.next().size();
            oldest.remove();
        }
    }

    public synchronized void forget(String tenant) {
        LastRun old = runs.remove(tenant);
        if (old != null) {
            accounts -= old.size();
        }
    }

    /** A deleted tenant's run goes, so that no run of a new tenant given its id could build on it. */
    void forget(@Observes TenantDeleted deleted) {
        forget(deleted.id());
    }

    /** Forgets every tenant's run (tests, and an operator who wants the next runs full). */
    public synchronized void clear() {
        runs.clear();
        accounts = 0;
    }
}
