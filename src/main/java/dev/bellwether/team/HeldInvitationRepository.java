package dev.bellwether.team;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The current tenant's held invitations (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class HeldInvitationRepository implements PanacheRepositoryBase<HeldInvitation, String> {

    /** As members of the team: each one an invitee who has not used their invitation. */
    public List<Member> members() {
        return listAll().stream().map(HeldInvitation::member).toList();
    }
}
