package dev.bellwether.metrics;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import dev.bellwether.tenant.TenantContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.context.api.NamedInstance;

/**
 * Runs recalculations in the background, one at a time in this app instance (and, through the
 * queue, one at a time per tenant across instances). It is woken three ways:
 * <ul>
 * <li>directly, when a change of this instance has committed ({@link RecalculationQueue#wakeAfterCommit});</li>
 * <li>by PostgreSQL, which delivers the {@code NOTIFY} of any instance's committed request to the
 * connection this worker {@code LISTEN}s on;</li>
 * <li>by a slow poll, only as a safety net (a lost listening connection, a retry whose delay has
 * passed, a run whose worker died).</li>
 * </ul>
 * A wake-up cannot be lost: {@link #wake} raises a flag before it tries to start a drain, and a
 * drain that ends looks at the flag again after it has stepped down.
 */
@ApplicationScoped
public class RecalculationWorker {

    private static final Logger LOG = Logger.getLogger(RecalculationWorker.class);
    private static final int LISTEN_WAIT_MILLIS = 5_000;

    @ConfigProperty(name = "bellwether.recalculation.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    RecalculationQueue queue;

    @Inject
    RecalculationService service;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    @NamedInstance(EngineThreads.NAME)
    ManagedExecutor executor;

    /** The runs of this instance under way: request id → tenant, for their heartbeats. */
    private final Map<Long, String> running = new ConcurrentHashMap<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean moreWork = new AtomicBoolean();
    /** Tenants whose planner statistics are refreshed after the current round of runs. */
    private final Set<String> statisticsDue = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    /** Looks for work now. */
    public void wake() {
        if (!enabled || stopped) {
            return;
        }
        moreWork.set(true);
        startDrain();
    }

    /**
     * Wakes the worker after a large import of the tenant, and marks the planner's statistics of the
     * tenant's tables for a refresh (for the pages' queries). The refresh starts once the round of
     * runs that includes the tenant's recalculation is over: the recalculation's reads do not depend
     * on the statistics, and neither the import nor the recalculation should share the cores with
     * an {@code ANALYZE} of millions of rows.
     */
    public void wakeAfterLargeImport(String tenant) {
        if (enabled && !stopped) {
            statisticsDue.add(tenant);
        }
        wake();
    }

    @Scheduled(every = "${bellwether.recalculation.poll:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    /** Renews the lease of every run of this instance, however long its current step takes. */
    @Scheduled(every = "${bellwether.recalculation.heartbeat:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        running.forEach((id, tenant) -> {
            try {
                TenantContext.run(tenant, () -> queue.heartbeat(id));
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not renew the lease of recalculation %d", id);
            }
        });
    }

    void listen(@Observes StartupEvent started) {
        if (enabled) {
            executor.runAsync(this::listenLoop);
        }
    }

    private void startDrain() {
        if (draining.compareAndSet(false, true)) {
            executor.runAsync(this::drain);
        }
    }

    private void drain() {
        try {
            while (moreWork.getAndSet(false) && !stopped) {
                List<String> tenants = queue.tenantsWithWork();
                for (String tenant : tenants) {
                    if (runOne(tenant)) {
                        moreWork.set(true);
                    }
                }
                refreshStatistics(tenants);
            }
            refreshStatistics(List.copyOf(statisticsDue));
        } catch (RuntimeException e) {
            LOG.error("The recalculation worker failed; it will look for work again", e);
        } finally {
            draining.set(false);
        }
        // a wake-up that came after the loop's last look but before stepping down
        if (moreWork.get() && !stopped) {
            startDrain();
        }
    }

    /** Starts the refresh of these tenants' statistics, where due, each in the background. */
    private void refreshStatistics(List<String> tenants) {
        for (String tenant : tenants) {
            if (statisticsDue.remove(tenant)) {
                executor.runAsync(() -> TenantContext.run(tenant, service::refreshStatistics));
            }
        }
    }

    /** Runs the tenant's pending request if it can be claimed; answers whether one ran. */
    private boolean runOne(String tenant) {
        return TenantContext.call(tenant, () -> {
            Optional<RecalculationQueue.Claim> claim = queue.claim(tenant);
            if (claim.isEmpty()) {
                return false;
            }
            running.put(claim.get().id(), tenant);
            try {
                service.run(tenant, claim.get());
            } catch (RecalculationQueue.LeaseLost e) {
                LOG.warn(e.getMessage()); // the server that took it over runs it; nothing to mark
            } catch (RecalculationService.TenantGone e) {
                LOG.info(e.getMessage()); // its request went with the tenant: nothing to mark, nothing to retry
            } catch (RuntimeException | StackOverflowError e) {
                String reference = UUID.randomUUID().toString().substring(0, 8);
                LOG.errorf(e, "Recalculation %d of tenant %s failed (attempt %d, reference %s)", claim.get().id(),
                        tenant, claim.get().attempt(), reference);
                queue.fail(tenant, claim.get(), failure(reference));
            } finally {
                running.remove(claim.get().id());
            }
            return true;
        });
    }

    /** Holds a connection that LISTENs for committed requests of every instance, reconnecting when it is lost. */
    private void listenLoop() {
        while (!stopped) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + RecalculationQueue.CHANNEL);
                }
                PGConnection listening = connection.unwrap(PGConnection.class);
                wake(); // requests committed while nobody listened
                while (!stopped) {
                    PGNotification[] notifications = listening.getNotifications(LISTEN_WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        wake();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (stopped) {
                    return;
                }
                LOG.warn("Lost the connection listening for recalculation requests; listening again shortly", e);
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(LISTEN_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    /**
     * What the people of the tenant read of a failed run (the freshness badge, the imports page): not the error's
     * own text, which names hosts, roles and tables (a 500 tells nothing of it either); the log has it, by the
     * {@code reference} it logged with it. Random, not the run's id: ids come from one sequence across organisations,
     * and two of them would count the others' recalculations in between.
     */
    static String failure(String reference) {
        return "An error on our side stopped it; the server's log has the details (reference " + reference + ").";
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }
}
