package dev.bellwether.team;

import java.util.List;

import dev.bellwether.tenant.CurrentUser;

/**
 * A person in a tenant as the team page and {@code GET /api/v1/team} show them: login name, full
 * name, email, Bellwether roles and whether they may sign in. {@code id} is Keycloak's user id (not shown).
 */
public record Member(String id, String user, String name, String email, List<String> roles, boolean enabled) {

    public boolean isAdmin() {
        return roles.contains(CurrentUser.ADMIN);
    }

    /** The role the member acts with: admin, then executive, then csm; empty when none. */
    public String role() {
        return Roles.ALL.stream().filter(roles::contains).findFirst().orElse("");
    }
}
