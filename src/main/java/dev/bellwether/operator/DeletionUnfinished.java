package dev.bellwether.operator;

/**
 * A deletion failed after it had begun removing the tenant's people (the identity provider, or the database
 * after it): the tenant is suspended and cannot be resumed, since some of its users may be gone; deleting it
 * again finishes it. Answered 409.
 */
public class DeletionUnfinished extends PlatformConflict {

    private static final long serialVersionUID = 1L;

    public DeletionUnfinished(String id) {
        super("Tenant " + id + " was being deleted and its deletion did not finish: some of its users may be gone."
                + " Delete it again to finish; it cannot be resumed.");
    }
}
