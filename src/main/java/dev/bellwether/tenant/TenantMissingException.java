package dev.bellwether.tenant;

import io.quarkus.security.ForbiddenException;

/** A signed-in user whose token carries no valid {@code tenant} claim: answered with 403. */
public class TenantMissingException extends ForbiddenException {

    public TenantMissingException() {
        super("Your sign-in carries no tenant. Ask your administrator to assign your account to a tenant.");
    }
}
