package dev.bellwether.team;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.platform.sql.Database;

/**
 * When each address was last sent an invitation link, whichever organisation sent it ({@code invitation_sent},
 * V54, reached only through its two functions): {@link KeycloakDirectory} records every link it has Keycloak send,
 * and {@link LapsedInvitations} tells from it whether an unused invitation has lapsed.
 */
@ApplicationScoped
public class InvitationLinks {

    @Inject
    Database database;

    @Inject
    KeycloakAdminConfig config;

    /** Records that {@code address} has just been sent a link; rows older than a link's lifespan go. */
    public void sent(String address) {
        database.one("select bw_invitation_sent(?, make_interval(secs => ?)) as at", row -> row.instant("at"),
                address, (double) config.inviteLifespan().toSeconds());
    }

    /** When {@code address} was last sent a link, if within a lifespan. */
    public Optional<Instant> sentAt(String address) {
        return database.first("select bw_invitation_sent_at(?) as at", row -> row.instant("at"), address);
    }

    /**
     * Waits for, then holds until the transaction ends, the lock of {@code address} that every link sent to it and
     * every withdrawal of its lapsed invitation take, whichever organisation acts (not keyed by tenant, unlike the
     * app's other transaction locks): a resend cannot slip between a lapse's check and the withdrawal.
     */
    public void hold(String address) {
        database.one("select pg_advisory_xact_lock(hashtext('bellwether.invitation'), hashtext(?))", row -> true,
                address.toLowerCase(Locale.ROOT));
    }
}
