package dev.bellwether.platform;

import java.util.Objects;

/**
 * "The tenant's figures must be recalculated": fired synchronously ({@code Event.fire}) by whatever
 * changed the tenant's inputs (an import, a new health model, a logged activity), inside the JTA
 * transaction that makes the change. The engine observes it: it records the request in that same
 * transaction, so the request exists exactly when the change commits, and it wakes its worker once
 * the transaction has committed. Publishers never call the engine directly.
 */
public final class RecalculationRequested {

    private final String tenant;
    private final String reason;
    private final boolean largeImport;
    private Long requestId;

    /**
     * @param tenant the tenant whose figures are stale
     * @param reason a short word for the history ("import", "health-model", "activity", …)
     * @param largeImport whether the change loaded enough rows that the planner's statistics should be
     *        refreshed once the recalculation is done
     */
    public RecalculationRequested(String tenant, String reason, boolean largeImport) {
        this.tenant = Objects.requireNonNull(tenant);
        this.reason = Objects.requireNonNull(reason);
        this.largeImport = largeImport;
    }

    public RecalculationRequested(String tenant, String reason) {
        this(tenant, reason, false);
    }

    public String tenant() {
        return tenant;
    }

    public String reason() {
        return reason;
    }

    public boolean largeImport() {
        return largeImport;
    }

    /** The id of the pending request this one created or joined; set by the engine's observer. */
    public long requestId() {
        if (requestId == null) {
            throw new IllegalStateException("No observer recorded the recalculation request");
        }
        return requestId;
    }

    /** Called by the observer that recorded the request. */
    public void recorded(long id) {
        this.requestId = id;
    }
}
