package dev.bellwether.team;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** A member's Bellwether role in Keycloak: a realm role, read as their tokens carry it, set directly. */
final class KeycloakRoles {

    private final KeycloakAdmin keycloak;

    KeycloakRoles(KeycloakAdmin keycloak) {
        this.keycloak = keycloak;
    }

    /**
     * Two calls (add the role, take the others); when the second fails, the first is undone. Refused (409, nothing
     * changed) when the member holds another of Bellwether's roles through a Keycloak group or composite role,
     * which only Keycloak can take away: they would keep it whatever this call did. A null {@code role} takes every
     * Bellwether role given directly (a change to someone who held none, undone).
     */
    void set(Member member, String role) {
        String mappings = "/users/" + member.id() + "/role-mappings/realm";
        List<JsonNode> drop = new ArrayList<>();
        List<String> direct = new ArrayList<>();
        boolean held = false;
        for (JsonNode mapping : keycloak.read(mappings)) {
            String name = mapping.path("name").asText();
            held |= name.equals(role);
            direct.add(name);
            if (Roles.known(name) && !name.equals(role)) {
                drop.add(mapping);
            }
        }
        if (role == null) {
            if (!drop.isEmpty()) {
                KeycloakAdmin.expect(keycloak.delete(mappings, drop), "taking the roles of " + member.user());
            }
            return;
        }
        JsonNode wanted = realmRole(role);
        // a role the new one or a dropped one contains (a realm whose admin includes csm) goes or stays with it
        Set<String> contained = new HashSet<>();
        contained(wanted, contained);
        drop.forEach(dropped -> contained(dropped, contained));
        for (String inherited : of(member.id())) {
            if (!inherited.equals(role) && !direct.contains(inherited) && !contained.contains(inherited)) {
                throw fromKeycloak(member, inherited);
            }
        }
        // what someone given the role alone holds, read before anything is written (a read failing after would leave
        // the change unrecorded)
        Set<String> given = new HashSet<>(List.of(role));
        contained(wanted, given);
        KeycloakAdmin.expect(keycloak.post(mappings, List.of(wanted)),
                "giving " + member.user() + " the role " + role);
        if (drop.isEmpty()) {
            return;
        }
        try {
            KeycloakAdmin.expect(keycloak.delete(mappings, drop), "taking other roles from " + member.user());
        } catch (RuntimeException e) {
            if (!held) {
                TeamDirectory.undo(e, () -> KeycloakAdmin.expect(keycloak.delete(mappings, List.of(wanted)),
                        "taking back the role " + role + " from " + member.user()));
            }
            throw e;
        }
        // a role given directly and through a group as well: its direct mapping went, the group's stays. Read as
        // their tokens will carry it; when they keep such a role, the change is undone and refused
        String kept;
        try {
            kept = of(member.id()).stream().filter(r -> !given.contains(r)).findFirst().orElse(null);
        } catch (RuntimeException e) {
            // unread, the change is undone as a failed write's is: the caller's audit entry goes with it
            undo(e, mappings, drop, held ? null : wanted, member, role);
            throw e;
        }
        if (kept != null) {
            TeamRefusal refused = fromKeycloak(member, kept);
            undo(refused, mappings, drop, held ? null : wanted, member, role);
            throw refused;
        }
    }

    /** Gives back the roles {@code dropped} and takes back {@code given} (null: held before), after {@code e}. */
    private void undo(RuntimeException e, String mappings, List<JsonNode> dropped, JsonNode given, Member member,
            String role) {
        TeamDirectory.undo(e, () -> KeycloakAdmin.expect(keycloak.post(mappings, dropped),
                "giving " + member.user() + " back their roles"));
        if (given != null) {
            TeamDirectory.undo(e, () -> KeycloakAdmin.expect(keycloak.delete(mappings, List.of(given)),
                    "taking back the role " + role + " from " + member.user()));
        }
    }

    private static TeamRefusal fromKeycloak(Member member, String role) {
        return TeamRefusal.conflict(member.user() + " has the role " + role + " through a group or a composite role in"
                + " the sign-in service (Keycloak), not from Bellwether: take it away there first.");
    }

    /**
     * The Bellwether roles the user holds as their tokens carry them: given directly, or through a Keycloak group or
     * composite role (the effective roles, {@code …/realm/composite}).
     */
    List<String> of(String userId) {
        List<String> roles = new ArrayList<>();
        for (JsonNode role : keycloak.read("/users/" + userId + "/role-mappings/realm/composite")) {
            if (Roles.known(role.path("name").asText())) {
                roles.add(role.path("name").asText());
            }
        }
        roles.sort((a, b) -> Integer.compare(Roles.ALL.indexOf(a), Roles.ALL.indexOf(b)));
        return roles;
    }

    /** The Bellwether roles someone given {@code role} alone holds: it, and those it contains, in their order. */
    List<String> given(String role) {
        Set<String> contained = new HashSet<>(List.of(role));
        contained(realmRole(role), contained);
        return Roles.ALL.stream().filter(contained::contains).toList();
    }

    /** Adds the names of the roles {@code role} contains, at any depth, to {@code names}; none for a plain role. */
    private void contained(JsonNode role, Set<String> names) {
        if (!role.path("composite").asBoolean(false)) {
            return;
        }
        for (JsonNode inner : keycloak.read("/roles/" + KeycloakAdmin.encode(role.path("name").asText())
                + "/composites")) {
            if (names.add(inner.path("name").asText())) {
                contained(inner, names);
            }
        }
    }

    JsonNode realmRole(String role) {
        return keycloak.read("/roles/" + KeycloakAdmin.encode(role));
    }
}
