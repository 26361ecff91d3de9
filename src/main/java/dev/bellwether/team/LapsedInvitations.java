package dev.bellwether.team;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.bellwether.platform.sql.Database;

/**
 * Invitations nobody used within their link's lifespan ({@code BW_INVITE_LIFESPAN}) have lapsed: the link no
 * longer works, and the address is nobody's sign-in yet. Such an invitation gives way when another organisation
 * needs the address (an invitation, a new organisation's first admin, a company sign-in for its domain), instead
 * of holding the address for good. When each address was last sent a link is kept in {@code invitation_sent}
 * (V54), whichever organisation sent it; an invitation made before that, or in Keycloak's console, counts from
 * when the identity provider made it.
 */
@ApplicationScoped
public class LapsedInvitations {

    private static final Logger LOG = Logger.getLogger(LapsedInvitations.class);

    @Inject
    TeamDirectory directory;

    @Inject
    KeycloakAdminConfig config;

    @Inject
    Database database;

    @Inject
    Clock clock;

    /** Records that the identity provider has just sent {@code address} an invitation link. */
    public void sent(String address) {
        database.one("select bw_invitation_sent(?, make_interval(secs => ?)) as at", row -> row.instant("at"),
                address, (double) config.inviteLifespan().toSeconds());
    }

    /** The unused invitation of {@code address}, if it has lapsed. */
    public Optional<TeamDirectory.Unused> lapsed(String address) {
        return directory.unusedInvitation(address).filter(this::lapsed);
    }

    /**
     * Withdraws the lapsed invitation of {@code address}, whichever organisation made it; whether there was one (so
     * the address is free now).
     */
    public boolean free(String address) {
        Optional<TeamDirectory.Unused> lapsed = lapsed(address);
        lapsed.ifPresent(this::free);
        return lapsed.isPresent();
    }

    /** Withdraws {@code invitation}, found lapsed. */
    public void free(TeamDirectory.Unused invitation) {
        directory.remove(invitation);
        LOG.infof("Withdrew the lapsed invitation of %s: another organisation needs the address", invitation.email());
    }

    private boolean lapsed(TeamDirectory.Unused invitation) {
        Instant sent = database.first("select bw_invitation_sent_at(?) as at", row -> row.instant("at"),
                invitation.email()).orElse(null);
        Instant last = sent == null || invitation.created().isAfter(sent) ? invitation.created() : sent;
        return last.plus(config.inviteLifespan()).isBefore(clock.instant());
    }
}
