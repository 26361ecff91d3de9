package dev.bellwether.metrics;

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
}
