package dev.bellwether.operator;

/**
 * A deletion failed after it had begun removing the tenant's people (the identity provider, or the database
 * after it): the tenant is suspended and cannot be resumed, since some of its users may be gone; deleting it
 * again finishes it. Answered 409. A deletion whose start was logged lately and which holds nothing (at the identity
 * provider's step, or its server stopped: the log cannot tell) is said as such: deleting it again is for when it is
 * still listed a few minutes on.
 */
public class DeletionUnfinished extends PlatformConflict {

    private static final long serialVersionUID = 1L;

    private final boolean lately;

    /** {@code lately}: its deletion started within the longest one may take, and may still be at work. */
    DeletionUnfinished(String id, boolean lately) {
        super(lately ? "Tenant " + id + " is being deleted, or its deletion stopped before it finished: some of its"
                + " users may be gone, and it cannot be resumed. If it is still listed in a few minutes, delete it"
                + " again to finish." : "Tenant " + id + " was being deleted and its deletion did not finish: some of"
                + " its users may be gone. Delete it again to finish; it cannot be resumed.");
        this.lately = lately;
    }

    /** Whether its deletion started lately, and may still be at work. */
    boolean lately() {
        return lately;
    }
}
