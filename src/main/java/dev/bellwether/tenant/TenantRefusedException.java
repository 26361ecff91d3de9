package dev.bellwether.tenant;

import io.quarkus.security.ForbiddenException;

/**
 * A signed-in user whose token names a tenant that Bellwether does not serve: one the platform operator
 * never created or has deleted, or one it has suspended. Answered with 403, before any endpoint runs.
 */
public class TenantRefusedException extends ForbiddenException {

    private TenantRefusedException(String message) {
        super(message);
    }

    public static TenantRefusedException unknown() {
        return new TenantRefusedException("Your organisation is not set up in Bellwether (or no longer is). "
                + "Ask your administrator, who can ask Bellwether support.");
    }

    public static TenantRefusedException signedInBefore() {
        return new TenantRefusedException("You signed in before your organisation was set up in Bellwether as it is "
                + "now: sign out and sign in again.");
    }

    public static TenantRefusedException suspended() {
        return new TenantRefusedException("Your organisation's access to Bellwether is suspended. Its data is kept; "
                + "only Bellwether support can resume it (your administrator can ask them).");
    }
}
