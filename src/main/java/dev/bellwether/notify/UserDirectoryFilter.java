package dev.bellwether.notify;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.bellwether.tenant.CurrentUser;

/**
 * Every signed-in request admitted to its tenant makes its user known to the tenant ({@link UserDirectory}); one the
 * tenant check refused or skipped (sign-out, the events feed, a suspended or deleted tenant) writes nothing there.
 */
public class UserDirectoryFilter {

    @Inject
    CurrentUser user;

    @Inject
    UserDirectory users;

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 20)
    public void remember() {
        if (!user.isSignedIn() || !user.isAdmitted()) {
            return;
        }
        user.tenant().ifPresent(tenant -> users.seen(tenant, UserDirectory.of(user)));
    }
}
