package dev.bellwether.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Who may begin an import on this instance, before it takes a connection of the shared pool: one import of a tenant
 * at a time, and at most {@code bellwether.import.max-running} of all tenants. Without them, thirty uploads of one
 * organisation sent at once each held a connection while it waited for the tenant's lock in the database, and the
 * pool of twenty was gone for every other organisation's pages. A second import of a tenant waits here as it
 * would for the lock ({@value ImportService#LOCK_WAIT_SECONDS} s), then is refused as busy (409); one that finds
 * every slot of the instance taken for as long is asked to come back in a minute (429). The database's lock still
 * keeps two instances' imports of a tenant apart.
 */
@Singleton
public class ImportSlots {

    private final Map<String, Semaphore> tenants = new ConcurrentHashMap<>();
    private final Semaphore all;
    private final Duration wait;

    @Inject
    ImportSlots(ImportLimits limits) {
        this(limits.maxRunning(), Duration.ofSeconds(ImportService.LOCK_WAIT_SECONDS));
    }

    ImportSlots(int maxRunning, Duration wait) {
        if (maxRunning < 1) {
            throw new IllegalArgumentException("bellwether.import.max-running must be 1 or more, not " + maxRunning);
        }
        this.all = new Semaphore(maxRunning, true);
        this.wait = wait;
    }

    /** An import's place, held until it is closed. */
    public interface Slot extends AutoCloseable {

        @Override
        void close();
    }

    /** Waits for {@code tenant}'s turn and a place on this instance; {@link ImportBusyException} when none comes. */
    public Slot take(String tenant) {
        long deadline = System.nanoTime() + wait.toNanos();
        Semaphore own = tenants.computeIfAbsent(tenant, t -> new Semaphore(1, true));
        if (!acquire(own, deadline)) {
            throw new ImportBusyException();
        }
        if (!acquire(all, deadline)) {
            own.release();
            throw ImportBusyException.everywhere();
        }
        return () -> {
            all.release();
            own.release();
        };
    }

    private static boolean acquire(Semaphore semaphore, long deadline) {
        try {
            return semaphore.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
