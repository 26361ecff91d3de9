package dev.bellwether.team;

import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The current tenant's held invitations (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class HeldInvitationRepository implements PanacheRepositoryBase<HeldInvitation, String> {

    /**
     * The held invitations of {@code tenant} as members of its team, each one an invitee who has not used
     * their invitation (none when {@code tenant} is not the current tenant, whose rows alone are visible).
     */
    public List<Member> members(String tenant, Function<String, List<String>> rolesGiven) {
        return list("tenantId", tenant).stream().map(row -> row.member(rolesGiven)).toList();
    }
}
