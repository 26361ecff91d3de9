package dev.bellwether.tenant;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Every signed-in request must carry a tenant: a token without a valid {@code tenant} claim is
 * refused with 403 before any endpoint runs. The first request of a tenant creates its row.
 */
public class TenantRequestFilter {

    @Inject
    SecurityIdentity identity;

    @Inject
    TenantRegistry tenants;

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 10)
    public void requireTenant() {
        if (identity.isAnonymous()) {
            return;
        }
        String tenant = TenantClaim.of(identity).orElseThrow(TenantMissingException::new);
        tenants.ensure(tenant);
    }
}
