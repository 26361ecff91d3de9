package dev.bellwether.metrics;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.bellwether.tenant.TenantContext;
import io.quarkus.scheduler.Scheduled;

/**
 * Runs recalculations in the background, one at a time in this app instance (and, through the
 * queue, one at a time per tenant across instances). Woken at once when a change asks for a
 * recalculation, and every few seconds in case another instance asked (or this one restarted
 * with work pending).
 */
@ApplicationScoped
public class RecalculationWorker {

    private static final Logger LOG = Logger.getLogger(RecalculationWorker.class);

    @ConfigProperty(name = "bellwether.recalculation.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    RecalculationQueue queue;

    @Inject
    RecalculationService service;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(DaemonThreads.named("recalculation"));
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean moreWork;

    /** Looks for work now. */
    public void wake() {
        if (!enabled) {
            return;
        }
        moreWork = true;
        if (draining.compareAndSet(false, true)) {
            executor.submit(this::drain);
        }
    }

    /**
     * Wakes the worker after a large import of the tenant, and then, in the worker's thread,
     * refreshes the planner's statistics of the tenant's tables for the pages' queries: after the
     * recalculation, whose reads do not depend on them, so that neither the import nor the
     * recalculation waits for it.
     */
    public void wakeAfterLargeImport(String tenant) {
        wake();
        executor.submit(() -> TenantContext.run(tenant, service::refreshStatistics));
    }

    @Scheduled(every = "${bellwether.recalculation.poll:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    private void drain() {
        try {
            while (moreWork) {
                moreWork = false;
                for (String tenant : queue.tenantsWithWork()) {
                    if (runOne(tenant)) {
                        moreWork = true;
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("The recalculation worker failed; it will look for work again", e);
        } finally {
            draining.set(false);
        }
    }

    /** Runs the tenant's pending request if it can be claimed; answers whether one ran. */
    private boolean runOne(String tenant) {
        return TenantContext.call(tenant, () -> {
            Optional<RecalculationQueue.Claim> claim = queue.claim(tenant);
            if (claim.isEmpty()) {
                return false;
            }
            try {
                service.run(tenant, claim.get());
            } catch (RuntimeException e) {
                LOG.errorf(e, "Recalculation %d of tenant %s failed (attempt %d)", claim.get().id(), tenant,
                        claim.get().attempt());
                queue.fail(tenant, claim.get(), reason(e));
            }
            return true;
        });
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
