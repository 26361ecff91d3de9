package dev.bellwether.platform;

import java.time.YearMonth;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
    private YearMonth changedFrom;
    private Set<String> changedAccounts;

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

    /**
     * Narrows the request to what the change touched, when the publisher knows it: the first month whose
     * inputs changed, and the accounts whose inputs changed. The engine may then recalculate only those
     * months and, within them, only those accounts plus the tenant's aggregates. A publisher that does
     * not call this (a health-model change, for one) asks for everything.
     *
     * @param from the first month whose inputs changed
     * @param accounts the ids of the accounts whose inputs changed (not empty)
     */
    public RecalculationRequested changed(YearMonth from, Set<String> accounts) {
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("A narrowed request names at least one account");
        }
        this.changedFrom = Objects.requireNonNull(from);
        this.changedAccounts = Set.copyOf(accounts);
        return this;
    }

    /** The first month whose inputs changed; empty when every month must be recalculated. */
    public Optional<YearMonth> changedFrom() {
        return Optional.ofNullable(changedFrom);
    }

    /** The accounts whose inputs changed; empty when every account must be recalculated. */
    public Optional<Set<String>> changedAccounts() {
        return Optional.ofNullable(changedAccounts);
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
