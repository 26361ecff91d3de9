package dev.bellwether.team;

import java.util.List;

import dev.bellwether.tenant.CurrentUser;

/**
 * A person in a tenant as the team page and {@code GET /api/v1/team} show them: login name, full
 * name, email, Bellwether roles and whether they may sign in. {@code id} is Keycloak's user id (not shown),
 * null for an invitation held because the address is another organisation's ({@link HeldInvitation}).
 * {@code invited}: they have not used their invitation yet (Keycloak marks the address verified when
 * they do), so they cannot sign in yet.
 */
public record Member(String id, String user, String name, String email, List<String> roles, boolean enabled,
        boolean invited) {

    public boolean isAdmin() {
        return roles.contains(CurrentUser.ADMIN);
    }

    /** An invitation held by Bellwether, not at the identity provider: listed exactly as a pending invitee. */
    public boolean held() {
        return id == null;
    }

    /** An enabled admin who can sign in now: one who keeps the tenant administrable. */
    public boolean isActiveAdmin() {
        return isAdmin() && enabled && !invited;
    }

    /** One who can take someone's open tasks: enabled, signed in at least once, a CSM or an admin, with an address. */
    public boolean takesTasks() {
        return enabled && !invited && email != null && (isAdmin() || roles.contains(CurrentUser.CSM));
    }

    /** The role the member acts with: admin, then executive, then csm; empty when none. */
    public String role() {
        return Roles.ALL.stream().filter(roles::contains).findFirst().orElse("");
    }
}
