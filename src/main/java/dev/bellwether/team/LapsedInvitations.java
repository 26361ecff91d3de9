package dev.bellwether.team;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * Invitations nobody used within their link's lifespan ({@code BW_INVITE_LIFESPAN}) have lapsed: the link no
 * longer works, and the address is nobody's sign-in yet. Such an invitation gives way when another organisation
 * needs the address (an invitation, a new organisation's first admin, a company sign-in for its domain), instead
 * of holding the address for good. When each address was last sent a link is kept by {@link InvitationLinks},
 * whichever organisation sent it; an invitation sent before that (V54), or from Keycloak's console, counts from
 * when the identity provider made it.
 */
@ApplicationScoped
public class LapsedInvitations {

    private static final Logger LOG = Logger.getLogger(LapsedInvitations.class);

    @Inject
    TeamDirectory directory;

    @Inject
    InvitationLinks links;

    @Inject
    KeycloakAdminConfig config;

    @Inject
    Clock clock;

    /** The unused invitation of {@code address}, if it has lapsed. */
    public Optional<TeamDirectory.Unused> lapsed(String address) {
        return directory.unusedInvitation(address).filter(this::lapsed);
    }

    /**
     * Withdraws the lapsed invitation of {@code address}, whichever organisation made it; whether there was one (so
     * the address is free now). Holds the address's lock ({@link InvitationLinks#hold}), so a resend cannot slip
     * between the check and the withdrawal.
     */
    public boolean free(String address) {
        links.hold(address);
        Optional<TeamDirectory.Unused> lapsed = lapsed(address);
        lapsed.ifPresent(invitation -> {
            directory.remove(invitation);
            LOG.infof("Withdrew the lapsed invitation of %s: another organisation needs the address", address);
        });
        return lapsed.isPresent();
    }

    private boolean lapsed(TeamDirectory.Unused invitation) {
        Instant sent = links.sentAt(invitation.email()).orElse(null);
        Instant last = sent == null || invitation.created().isAfter(sent) ? invitation.created() : sent;
        return last.plus(config.inviteLifespan()).isBefore(clock.instant());
    }
}
