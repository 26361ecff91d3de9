package dev.bellwether.tenant;

import java.util.Optional;
import java.util.function.Supplier;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.ManagedContext;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The tenant the current unit of work acts for.
 *
 * <p>In a request it is the signed-in user's {@code tenant} claim and nothing else. Work that has
 * no request (background jobs, start-up tasks, tests) names its tenant explicitly with
 * {@link #run(String, Runnable)} or {@link #call(String, Supplier)}. Every database connection the
 * app takes from its pool is set to this tenant ({@link TenantConnectionInterceptor}), and
 * Hibernate filters entities by it ({@link HibernateTenantResolver}).
 */
public final class TenantContext {

    private static final ThreadLocal<String> EXPLICIT = new ThreadLocal<>();
    /** Set in {@link #EXPLICIT} for platform work: no tenant, whatever the request's token says. */
    private static final String NONE = "";

    private TenantContext() {
    }

    /** The current tenant, or empty when there is none (anonymous request, no explicit tenant). */
    public static Optional<String> current() {
        String explicit = EXPLICIT.get();
        if (explicit != null) {
            return explicit.equals(NONE) ? Optional.empty() : Optional.of(explicit);
        }
        return fromRequest();
    }

    /** The current tenant; fails when there is none, which is a programming error. */
    public static String require() {
        return current().orElseThrow(() -> new IllegalStateException("No tenant is set for this unit of work"));
    }

    /** Runs {@code work} as {@code tenantId}; restores whatever was set before. */
    public static void run(String tenantId, Runnable work) {
        call(tenantId, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Calls {@code work} as {@code tenantId}; restores whatever was set before. Work outside a
     * request (a job, a start-up task) gets a request context for its duration, which Hibernate's
     * tenant resolution needs.
     */
    public static <T> T call(String tenantId, Supplier<T> work) {
        String valid = TenantClaim.validate(tenantId)
                .orElseThrow(() -> new IllegalArgumentException("Not a valid tenant id: " + tenantId));
        return as(valid, work);
    }

    /**
     * Calls {@code work} for no tenant: the platform's own work (creating, listing, deleting tenants),
     * on connections without {@code app.tenant_id}, where only V21's platform functions see tenants.
     */
    public static <T> T withoutTenant(Supplier<T> work) {
        return as(NONE, work);
    }

    private static <T> T as(String valid, Supplier<T> work) {
        String previous = EXPLICIT.get();
        EXPLICIT.set(valid);
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        try {
            return work.get();
        } finally {
            if (activated) {
                requestContext.terminate();
            }
            if (previous == null) {
                EXPLICIT.remove();
            } else {
                EXPLICIT.set(previous);
            }
        }
    }

    private static Optional<String> fromRequest() {
        ArcContainer arc = Arc.container();
        if (arc == null || !arc.requestContext().isActive()) {
            return Optional.empty();
        }
        CurrentIdentityAssociation association = arc.instance(CurrentIdentityAssociation.class).get();
        if (association == null) {
            return Optional.empty();
        }
        SecurityIdentity identity = association.getIdentity();
        if (identity == null || identity.isAnonymous()) {
            return Optional.empty();
        }
        return TenantClaim.of(identity);
    }
}
