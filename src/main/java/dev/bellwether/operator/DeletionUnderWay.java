package dev.bellwether.operator;

import java.time.Duration;

/**
 * A tenant whose deletion another request started and is still at work on, holding the tenant's row: a second
 * deletion (a second click), a suspension or a resume waits for the row and gives up; it would answer that an import
 * holds the tenant. Answered 409, nothing done. (A deletion whose server stopped leaves its start logged too, and
 * holds nothing: a repeat then goes ahead and finishes it.)
 */
public class DeletionUnderWay extends PlatformConflict {

    private static final long serialVersionUID = 1L;

    DeletionUnderWay(String id) {
        super("Tenant " + id + " is being deleted already (a request started it and is still at work): nothing more"
                + " was done. Reload the page in a while to see it gone.");
    }

    /**
     * Throws this when {@code failure} is a wait for the tenant's row given up (PlatformTenants.busy) while the log
     * says {@code id}'s deletion started within the longest one may take and has not ended.
     */
    static void ifBusyWithIt(PlatformAudit audit, String id, Duration deleteTimeout, RuntimeException failure) {
        if (PlatformTenants.busy(failure) && audit.deletionsUnderWay(deleteTimeout.plusMinutes(5)).contains(id)) {
            throw new DeletionUnderWay(id);
        }
    }
}
