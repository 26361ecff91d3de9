package dev.bellwether.team;

import java.util.List;

import dev.bellwether.tenant.CurrentUser;

/** Bellwether's roles, as realm roles in Keycloak: a member holds exactly one of them. */
public final class Roles {

    /** In precedence order, as {@link CurrentUser#getRole()} picks one. */
    public static final List<String> ALL = CurrentUser.ROLES;

    private Roles() {
    }

    public static boolean known(String role) {
        return role != null && ALL.contains(role);
    }
}
