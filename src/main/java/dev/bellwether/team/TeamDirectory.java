package dev.bellwether.team;

import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * The people of a tenant as the identity provider keeps them (Keycloak: the members of the tenant's
 * organization and their realm roles). {@link KeycloakDirectory} is the real one.
 */
public interface TeamDirectory {

    /** The tenant's members, by login name. */
    List<Member> members(String tenantId);

    /** The tenant's member with this login name, or empty (also when they belong to another tenant). */
    default Optional<Member> member(String tenantId, String user) {
        return members(tenantId).stream().filter(m -> m.user().equals(user)).findFirst();
    }

    /**
     * 409 when the identity provider has no group of the tenant's people at all (deleted in Keycloak's console):
     * then nobody is a member, and that is the reason, not that the caller stopped being an admin.
     */
    default void requireOrganization(String tenantId) {
    }

    /** Whether anyone in the realm already has this email (any tenant, or none). */
    boolean emailTaken(String email);

    /** The sign-in addresses at {@code domain} (lower-case), whichever organisation they belong to. */
    List<String> emailsAt(String domain);

    /** The tenant whose organization claims this email domain, if any. */
    Optional<String> tenantOfDomain(String domain);

    /** Creates the person as a member with {@code role} and sends them the invitation email. */
    void invite(String tenantId, String email, String role);

    /** Sends the invitation email again to a member who has not used it (with a fresh link). */
    void resend(Member member);

    /**
     * Whether {@code member}, who reads as invited (an unverified address), has in fact signed up, with a password
     * or a linked provider: a member who changed their address. Such a member gets no invitation again.
     */
    default boolean signsIn(Member member) {
        return false;
    }

    /** Removes a member who has not used their invitation from the identity provider. */
    void withdraw(Member member);

    /**
     * A sign-in made by an invitation that has not been used, in any organisation, whose address is {@code email}:
     * the address not yet verified, no password and no linked identity provider. {@code created} is when the
     * identity provider made it.
     */
    record Unused(String id, String email, java.time.Instant created) {
    }

    /** The unused invitation of {@code email} (lower case), whichever organisation it is in; empty when none. */
    Optional<Unused> unusedInvitation(String email);

    /** Removes an unused invitation's sign-in (it may be another organisation's); one gone already is no failure. */
    void remove(Unused invitation);

    /** Gives the member {@code role} in place of their other Bellwether roles (null: none of them). */
    void setRole(Member member, String role);

    /**
     * The Bellwether roles a member given {@code role} holds, as {@link Member#roles()} lists them: {@code role}, and
     * those it contains in a realm whose admin role includes csm.
     */
    default List<String> rolesGiven(String role) {
        return List.of(role);
    }

    /**
     * Whether giving {@code member} {@code role} changes the roles they hold: not for an admin who also holds csm
     * because the realm's admin role includes it.
     */
    default boolean changesRole(Member member, String role) {
        return !member.roles().equals(List.of(role))
                && (!member.roles().contains(role) || !member.roles().equals(rolesGiven(role)));
    }

    /**
     * Puts back the role {@code member} held before a change that failed half-way, when one role gave them all they
     * held (an admin who holds csm through it included), or none when they held none (a role taken away in
     * Keycloak's console); several given one by one cannot be put back.
     */
    default void putRoleBack(Member member) {
        if (member.roles().isEmpty()) {
            setRole(member, null);
        } else if (member.roles().equals(rolesGiven(member.role()))) {
            setRole(member, member.role());
        }
    }

    /** Enables or disables the member's sign-in; disabling also ends their sessions. */
    void setEnabled(Member member, boolean enabled);

    /** The tenant's own sign-in provider, if it connected one. */
    Optional<SsoConnection> sso(String tenantId);

    /** What is wrong with an address the identity provider would call; empty when it may. */
    @FunctionalInterface
    interface AddressCheck {
        Optional<String> problem(String url);
    }

    /**
     * Connects (or replaces) the tenant's OpenID Connect provider: members whose email is at
     * {@code domain} are sent there on sign-in and land in this tenant, new ones as {@code csm}. Every
     * address the provider's discovery document names must pass {@code addresses}, else a 422 naming the
     * issuer, with nothing connected.
     */
    void connectSso(String tenantId, String issuer, String clientId, String clientSecret, String domain,
            AddressCheck addresses);

    /**
     * Runs {@code step}, which undoes a change that {@code failure} left half-made at the identity
     * provider; the step's own failure is logged and kept as suppressed by {@code failure}.
     */
    static void undo(RuntimeException failure, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            Logger.getLogger(TeamDirectory.class).errorf(e, "Could not undo a half-made change in Keycloak after: %s",
                    failure.getMessage());
        }
    }
}
