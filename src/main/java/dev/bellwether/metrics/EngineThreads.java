package dev.bellwether.metrics;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

import io.smallrye.context.api.ManagedExecutorConfig;
import io.smallrye.context.api.NamedInstance;

/**
 * The engine's background threads: one container-managed executor, named {@value #NAME}, shared
 * by the recalculation worker, its usage reader and its snapshot encoder. Nothing of the caller's
 * contexts is carried over: no request, no transaction (the usage reader must use a connection of
 * its own, never the caller's transaction), no CDI request scope. The work sets its tenant itself
 * ({@code TenantContext.run}).
 */
@ApplicationScoped
public class EngineThreads {

    /** The name other beans inject it by: {@code @Inject @NamedInstance(EngineThreads.NAME) ManagedExecutor}. */
    public static final String NAME = "engine";

    @Inject
    @ManagedExecutorConfig(propagated = {}, cleared = ThreadContext.ALL_REMAINING)
    @NamedInstance(NAME)
    ManagedExecutor executor;

    public ManagedExecutor executor() {
        return executor;
    }

    /**
     * Waits for {@code work} done on these threads, and rethrows what made it fail: a runtime exception
     * as it is, anything else wrapped. {@code what} names the work in the message of an interruption.
     */
    static void await(Future<?> work, String what) {
        try {
            work.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while " + what, e);
        }
    }
}
