package dev.bellwether.tenant;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Decides, before any endpoint runs, which signed-in requests may go on:
 * <ul>
 * <li>A token with a tenant reaches the tenant's pages and API only while the tenant exists and is
 * active, and only when its holder signed in after the tenant was created ({@link TenantRegistry#admit},
 * read on every request); it never reaches the platform operator's routes.</li>
 * <li>A token without a tenant is refused (403), except the platform operator's (role
 * {@code operator}) on the operator's routes, {@code /} and {@code /api/v1/me}. So the operator reads
 * no tenant's data.</li>
 * <li>Sign-out is open to every signed-in user, and the events API answers tokens itself.</li>
 * </ul>
 * Nothing here creates a tenant: only the platform operator does.
 */
public class TenantRequestFilter {

    /** Anyone signed in may sign out, whatever became of their tenant. */
    static final String SIGN_OUT = "/logout";

    /** Where sign-out ends: a visitor still signed in is sent home from there, whatever their tenant's state. */
    static final String SIGNED_OUT = "/signed-out";

    /** Where a sign-in the identity provider answered with an error ends: no one is signed in there. */
    static final String SIGN_IN_FAILED = "/sign-in-failed";

    /**
     * The events API takes an ingest key, no token: whatever token comes with it, the endpoint alone
     * answers (401 naming the credential it wants), not a refusal of the token's tenant.
     */
    static final String EVENTS = "/api/v1/events";

    /**
     * Where an email's unsubscribe links point ({@code notify.UnsubscribePage}; named here, below the pages, for the
     * filters of every layer): it acts on its signed token's tenant, whoever opens it, so a refusal of the signed-in
     * user's own tenant (an operator, a suspended tenant's user) only takes the tenant's links off the page.
     */
    public static final String UNSUBSCRIBE = "/unsubscribe/";

    /** Routes the operator reaches without a tenant besides its own: {@code /} (sends it on), who-am-I. */
    static final Set<String> TENANT_FREE = Set.of("/", "/api/v1/me");

    @Inject
    SecurityIdentity identity;

    @Inject
    TenantRegistry tenants;

    @Inject
    CurrentUser user;

    /** What a page reads anyway, read with the admission (the web layer's freshness badge; none in some tests). */
    @Inject
    Instance<AdmissionCompanion> companions;

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 10)
    public void requireTenant(ContainerRequestContext request) {
        if (identity.isAnonymous()) {
            return;
        }
        String path = request.getUriInfo().getPath();
        if (SIGN_OUT.equals(path) || SIGNED_OUT.equals(path) || SIGN_IN_FAILED.equals(path) || EVENTS.equals(path)) {
            return;
        }
        if (path.startsWith(UNSUBSCRIBE)) {
            try {
                admit(path, null);
            } catch (RuntimeException refused) {
                // answered all the same, as to a refused user: the page offers no way into the tenant's pages
            }
            return;
        }
        AdmissionCompanion companion = companions.isResolvable() ? companions.get() : null;
        admit(path, companion != null && companion.wanted(request.getMethod(), path) ? companion : null);
    }

    /**
     * Admits the signed-in user to their tenant's pages or refuses them (403), noting which on {@link CurrentUser};
     * {@code companion} (null: none) is read with the tenant's row.
     */
    private void admit(String path, AdmissionCompanion companion) {
        var tenant = TenantClaim.of(identity);
        if (tenant.isPresent()) {
            if (isOperatorRoute(path)) {
                throw new ForbiddenException("These pages are for the platform operator, not for a tenant's users.");
            }
            try {
                tenants.admit(tenant.get(), TenantClaim.signedInAt(identity).orElse(null), companion);
            } catch (RuntimeException refused) { // suspended, gone or signed in before a switch-off
                user.refused();
                throw refused;
            }
            user.admitted();
            return;
        }
        boolean operator = identity.hasRole(CurrentUser.OPERATOR) && namesNoTenantAtAll();
        if (!(operator && (isOperatorRoute(path) || TENANT_FREE.contains(path)))) {
            user.refused();
            if (operator) { // not "ask to be given a tenant": that would make them no longer the operator
                throw new ForbiddenException(OPERATOR_REFUSAL);
            }
            throw new TenantMissingException();
        }
    }

    /**
     * Whether the token carries neither a {@code tenant} claim nor any organization: an ambiguous or
     * malformed tenant is no tenant for {@link TenantClaim}, but it must not make a token the operator's.
     */
    private boolean namesNoTenantAtAll() {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return true;
        }
        Object organizations = token.getClaim(TenantClaim.ORGANIZATION);
        boolean noOrganization = organizations == null || organizations == JsonValue.NULL
                || organizations instanceof Collection<?> list && list.isEmpty()
                || organizations instanceof Map<?, ?> map && map.isEmpty();
        return noOrganization && token.getClaim(TenantClaim.NAME) == null;
    }

    /**
     * What the platform operator is told of an organisation's page or call, whether this filter or the route's roles
     * refuse it (web.ErrorMapper): not "ask to be given a tenant", which would make them no longer the operator.
     */
    public static final String OPERATOR_REFUSAL = "This is an organisation's own page or call: as the platform"
            + " operator you see none of its data. Your page is Tenants, at /operator.";

    /** The platform operator's pages and API: {@code /operator…} and {@code /api/v1/tenants…}. */
    public static boolean isOperatorRoute(String path) {
        return under(path, "/operator") || under(path, "/api/v1/tenants");
    }

    private static boolean under(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }
}
