package dev.bellwether.tenant;

import java.util.Optional;

/**
 * The identity provider's side of a tenant: its organization and the people in it. The app's own
 * rows (the tenant table and everything keyed by tenant id) are not its business.
 */
public interface IdentityDirectory {

    /**
     * Creates the tenant's organization (alias = the tenant id) with its display name.
     *
     * @throws Taken when an organization has that name or alias already
     */
    void createOrganization(String tenantId, String displayName);

    /**
     * Invites a person into the tenant with one realm role ({@code admin}, {@code executive} or
     * {@code csm}): they receive an email with a link, set a password and land in this tenant.
     *
     * @throws Taken when someone already signs in with that address
     */
    void invite(String tenantId, String email, String role);

    /** The tenant whose organization claims this email domain, if any. */
    Optional<String> tenantOfDomain(String domain);

    /**
     * Deletes the tenant's organization, every user who is a member of it or names the tenant by the old
     * {@code tenant} attribute ({@link TenantClaim}), and the tenant's own sign-in provider. Absent: no-op.
     */
    void deleteOrganization(String tenantId);

    /**
     * Undoes a creation that failed after its organization was made: deletes that organization and its members
     * (only those the creation added: it was new) and nothing else, not the users who name the tenant by the old
     * {@code tenant} attribute (a company's people waiting for the tenant to be set up) nor a sign-in provider.
     * Absent: no-op.
     */
    void removeCreatedOrganization(String tenantId);

    /**
     * The identity provider already has what was to be created (an organization of that name or id, a
     * sign-in with that address): trying again cannot help, so it is a conflict (409), not an outage.
     */
    class Taken extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public Taken(String message) {
            super(message);
        }
    }
}
