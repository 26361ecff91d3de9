package dev.bellwether.operator;

import java.time.Duration;

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
    private DeletionUnfinished(String id, boolean lately) {
        super(lately ? "Tenant " + id + " is being deleted, or its deletion stopped before it finished: some of its"
                + " users may be gone, and it cannot be resumed. If it is still listed in a few minutes, delete it"
                + " again to finish." : "Tenant " + id + " was being deleted and its deletion did not finish: some of"
                + " its users may be gone. Delete it again to finish; it cannot be resumed.");
        this.lately = lately;
    }

    /**
     * Why suspended {@code id}, whose deletion began, cannot be resumed: it did not finish, and a repeat finishes it;
     * or its start was logged lately, with no end, and it may still be at work (at the identity provider the row is
     * not held; at the database's step a resume waits for the row and is told it is under way): a repeat is for
     * later.
     */
    static DeletionUnfinished of(PlatformAudit audit, String id, Duration deleteTimeout) {
        return new DeletionUnfinished(id, audit.deletionsUnderWay(deleteTimeout.plusMinutes(5)).contains(id));
    }

    /** Whether its deletion started lately, and may still be at work. */
    boolean lately() {
        return lately;
    }
}
