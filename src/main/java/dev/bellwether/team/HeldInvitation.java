package dev.bellwether.team;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.bellwether.tenant.TenantOwned;

/**
 * A row of {@code held_invitation} (V38): an invitation the identity provider could not take because the
 * address belongs to another organisation. Key (tenant, email). Listed as a {@link Member} who has not
 * used their invitation yet, exactly as a pending invitee at the identity provider is.
 */
@Entity
@Table(name = "held_invitation")
public class HeldInvitation extends TenantOwned {

    @Id
    public String email;

    public String role;

    public boolean enabled;

    @Column(name = "invited_at")
    public Instant invitedAt;

    @Column(name = "invited_by")
    public String invitedBy;

    /**
     * As the team lists it: login name, name and email are the address, as Keycloak shows a new invitee, and the
     * roles are those someone given {@link #role} holds there ({@code rolesGiven}: {@link TeamDirectory#rolesGiven}).
     */
    public Member member(Function<String, List<String>> rolesGiven) {
        return new Member(null, email, email, email, rolesGiven.apply(role), enabled, true);
    }
}
