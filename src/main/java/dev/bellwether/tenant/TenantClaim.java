package dev.bellwether.tenant;

import java.util.Optional;
import java.util.regex.Pattern;

import io.quarkus.security.identity.SecurityIdentity;

/** Reads the {@code tenant} claim of a signed-in user's token: the only source of a request's tenant. */
public final class TenantClaim {

    public static final String NAME = "tenant";

    /** Same rule as the {@code tenant.id} check constraint in the schema. */
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private TenantClaim() {
    }

    /** The identity's tenant, when its token carries a valid {@code tenant} claim. */
    public static Optional<String> of(SecurityIdentity identity) {
        return Claims.string(identity, NAME).flatMap(TenantClaim::validate);
    }

    static Optional<String> validate(String value) {
        return value != null && VALID.matcher(value).matches() ? Optional.of(value) : Optional.empty();
    }
}
