package dev.bellwether.tenant;

/**
 * The identity provider's side of a tenant: its organization and the people in it. The app's own
 * rows (the tenant table and everything keyed by tenant id) are not its business.
 */
public interface IdentityDirectory {

    /** Creates the tenant's organization (alias = the tenant id) with its display name. */
    void createOrganization(String tenantId, String displayName);

    /**
     * Invites a person into the tenant with one realm role ({@code admin}, {@code executive} or
     * {@code csm}): they receive an email with a link, set a password and land in this tenant.
     */
    void invite(String tenantId, String email, String role);

    /** Deletes the tenant's organization and every user who is a member of it. Absent: no-op. */
    void deleteOrganization(String tenantId);
}
