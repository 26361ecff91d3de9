package dev.bellwether.team;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.bellwether.notify.MailSender;
import dev.bellwether.tenant.Tenant;

/**
 * The email that tells the person at a held invitation's address (and only them) why it cannot be used:
 * the address already signs in to another organisation, or its domain signs in through another
 * organisation's own provider. Sent at once, as the identity provider sends a real invitation, so the
 * inviting admin sees the same answer (and the same 503 when mail cannot be sent) either way.
 */
@ApplicationScoped
public class InvitationNotice {

    /**
     * How long the SMTP server may take: within the invitation's transaction (60 s), and about what Keycloak's
     * calls for a real invitation may take (10 s each), not the outbox's {@code BW_SMTP_TIMEOUT}.
     */
    static final Duration WAIT = Duration.ofSeconds(20);

    /** Why the identity provider could not take the invitation. */
    public enum Reason {
        /** The address signs in with another organisation. */
        SIGNS_IN_ELSEWHERE,
        /** Another organisation's invitation of the address, unused, has not lapsed yet. */
        PENDING_ELSEWHERE,
        /** The address's domain signs in through another organisation's company sign-in. */
        DOMAIN_ELSEWHERE
    }

    @Inject
    KeycloakAdminConfig config;

    @Inject
    MailSender mail;

    @Inject
    EntityManager em;

    /** Sends it; a mail server that does not take it is a 503 with nothing written, as for a real invitation. */
    public void send(String tenant, Team.Actor actor, String address, String role, Reason reason) {
        String organisation = em.find(Tenant.class, tenant).displayName;
        String who = actor.name() == null || actor.name().isBlank() ? actor.user() : actor.name();
        String why = switch (reason) {
            case SIGNS_IN_ELSEWHERE -> "This address already signs in to Bellwether with another organisation,"
                    + " and an address belongs to one organisation at a time, so the invitation cannot be used."
                    + " If you should join " + organisation + ", ask " + who + " to invite another address of"
                    + " yours, or leave the other organisation and then ask " + who + " to send the invitation again."
                    + " Being disabled there is not leaving: its admin asks Bellwether support to remove your"
                    + " account there.";
            case PENDING_ELSEWHERE -> "Another organisation has invited this address to Bellwether too, and an"
                    + " address belongs to one organisation at a time, so this invitation cannot be used while that"
                    + " one is open. If you mean to join the other organisation, use its invitation. If you should"
                    + " join " + organisation + ", leave that invitation unused: it lapses "
                    + TeamPage.life(config.inviteLifespan()) + " after it was sent, and " + who
                    + " can then send this invitation again.";
            case DOMAIN_ELSEWHERE -> "Addresses at " + SignInAddress.domain(address) + " sign in to Bellwether"
                    + " through another organisation's own company sign-in, so the invitation cannot be used."
                    + " If you should join " + organisation + ", ask " + who + " to invite another address of"
                    + " yours.";
        };
        String text = "Hello,\n\n" + who + " invited " + address + " to join " + organisation + " on Bellwether as "
                + role + ".\n\n" + why + "\n\nOnly you receive this message: " + organisation
                + " is not told why you have not joined.\n";
        try {
            mail.send(address, "Your invitation to " + organisation + " on Bellwether", text, null, WAIT);
        } catch (RuntimeException e) {
            // the inviting admin gets what a real invitation whose email Keycloak could not send gets
            throw new KeycloakAdmin.Unavailable("Could not send the notice of a held invitation to " + address, e);
        }
    }
}
