package dev.bellwether.tenant;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import dev.bellwether.platform.Clocks;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The signed-in user as pages and endpoints see them: name, email, tenant, roles and home page.
 * Templates reach it as {@code inject:user}.
 */
@RequestScoped
@Named("user")
public class CurrentUser {

    public static final String ADMIN = "admin";
    public static final String EXECUTIVE = "executive";
    public static final String CSM = "csm";
    /** The platform operator: creates, suspends and deletes tenants; has no tenant and reads none's data. */
    public static final String OPERATOR = "operator";

    /** Role order used to pick a home page and the role shown in the header. */
    /** Bellwether's own roles, in precedence order (a realm may give a user others, such as offline_access). */
    public static final List<String> ROLES = List.of(ADMIN, EXECUTIVE, CSM);

    @Inject
    SecurityIdentity identity;

    @Inject
    TenantRegistry tenants;

    @Inject
    Clock clock;

    /**
     * The token's tenant, read once per request: a page asks for it (and the currency, which follows from
     * it) once per line it renders, and each reading walks the token's claims again.
     */
    private Optional<String> tenant;

    /** Whether this request's tenant was admitted (it exists and is active: {@link TenantRequestFilter}). */
    private boolean admitted;

    /** Whether {@link TenantRequestFilter} refused the request for its tenant. */
    private boolean refused;

    public boolean isSignedIn() {
        return !identity.isAnonymous();
    }

    /** The login name ({@code preferred_username}). */
    public String getUsername() {
        return identity.isAnonymous() ? "" : identity.getPrincipal().getName();
    }

    /** The person's full name, falling back to the login name. */
    public String getName() {
        return claim("name").orElse(getUsername());
    }

    /**
     * The person's email when Keycloak vouches for it ({@code email_verified} is true), else null.
     * A CSM's book is the accounts whose {@code csm_email} is this address, so an address the user
     * typed in unverified must never count: the realm also lets only admins change an email.
     */
    public String getEmail() {
        return identity.isAnonymous() || !Claims.isTrue(identity, "email_verified") ? null
                : claim("email").orElse(null);
    }

    /** When the person signed in ({@code auth_time}, else the token's {@code iat}); empty if the token says neither. */
    public Optional<Instant> signedInAt() {
        return identity.isAnonymous() ? Optional.empty() : TenantClaim.signedInAt(identity);
    }

    /** When the request's token was issued ({@code iat}); empty if it does not say. */
    public Optional<Instant> issuedAt() {
        return identity.isAnonymous() ? Optional.empty() : TenantClaim.issuedAt(identity);
    }

    public Optional<String> tenant() {
        if (tenant == null) {
            tenant = identity.isAnonymous() ? Optional.empty() : TenantClaim.of(identity);
        }
        return tenant;
    }

    void admitted() {
        admitted = true;
    }

    void refused() {
        refused = true;
    }

    /**
     * Whether the request was refused for its tenant (suspended, gone, or none): its page offers no way into
     * the tenant's pages, each of which would be refused the same way, only Sign out.
     */
    public boolean isRefused() {
        return refused;
    }

    /**
     * Whether the request's tenant was admitted: a page refused because the tenant is suspended or gone shows
     * nothing of the tenant's (no freshness badge polling its figures, no name a reused id could give another).
     */
    public boolean isAdmitted() {
        return admitted;
    }

    /** The tenant's key, or an empty string when the token carries none. */
    public String getTenantId() {
        return tenant().orElse("");
    }

    /** The tenant's display name, or an empty string when the token carries none. */
    public String getTenantName() {
        return tenant().map(tenants::displayName).orElse("");
    }

    /** The tenant's currency (ISO 4217), USD by default. */
    public String getCurrency() {
        return tenant().map(tenants::currency).orElse("USD");
    }

    /** Tomorrow's date (UTC), the earliest a snooze may last until. */
    public String getTomorrow() {
        return Clocks.today(clock).plusDays(1).toString();
    }

    /** A year from today (UTC), the latest a snooze may last until. */
    public String getInAYear() {
        return Clocks.today(clock).plusYears(1).toString();
    }

    public Set<String> getRoles() {
        return identity.getRoles();
    }

    /** The role that decides the user's home page: admin, then executive, then csm. */
    public String getRole() {
        return ROLES.stream().filter(identity::hasRole).findFirst().orElse("");
    }

    public boolean isAdmin() {
        return identity.hasRole(ADMIN);
    }

    /** Executives and admins read the executive dashboard. */
    public boolean isExecutiveReader() {
        return identity.hasRole(EXECUTIVE) || identity.hasRole(ADMIN);
    }

    /** CSMs and admins work the CSM queue; executives read it (without acting on alerts). */
    public boolean isCsmReader() {
        return identity.hasRole(CSM) || identity.hasRole(ADMIN) || identity.hasRole(EXECUTIVE);
    }

    /** CSMs and admins act on alerts; an executive only reads. */
    public boolean isAlertActor() {
        return identity.hasRole(CSM) || identity.hasRole(ADMIN);
    }

    /** The platform operator, signed in without a tenant (a tenant's token never counts as the operator). */
    public boolean isOperator() {
        return identity.hasRole(OPERATOR) && tenant().isEmpty();
    }

    /**
     * Whether {@code /} leads somewhere for this user: one with none of Bellwether's roles gets no main links, and no
     * "Back to your home page" from the refusal that {@code /} itself is for them.
     */
    public boolean hasHome() {
        return homePath().isPresent();
    }

    /** Where {@code /} sends this user, or empty when they hold none of Bellwether's roles. */
    public Optional<String> homePath() {
        return switch (getRole()) {
            case ADMIN -> Optional.of("/admin");
            case EXECUTIVE -> Optional.of("/executive");
            case CSM -> Optional.of("/csm");
            default -> isOperator() ? Optional.of("/operator") : Optional.empty();
        };
    }

    private Optional<String> claim(String name) {
        return identity.isAnonymous() ? Optional.empty() : Claims.string(identity, name);
    }
}
