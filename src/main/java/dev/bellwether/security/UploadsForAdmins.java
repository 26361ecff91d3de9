package dev.bellwether.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.bellwether.tenant.CurrentUser;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * An upload to the imports may be as large as the server allows ({@link RequestSizeLimit}), and a multipart body is
 * read whole (its files to disk) before any endpoint runs, so the endpoints' own {@code @RolesAllowed("admin")}
 * would refuse anyone else only once their body was in. Here, right after the sign-in has said who is asking (the
 * HTTP layer's authentication and authorization run at orders -200 and -100), a signed-in person who is not an admin
 * is refused (403) before a byte of it is read, and the connection goes. Anonymous requests are the sign-in's to
 * answer (a redirect, or 401).
 */
@ApplicationScoped
public class UploadsForAdmins {

    void install(@Observes Router router) {
        router.route().order(-50).handler(UploadsForAdmins::check);
    }

    private static void check(RoutingContext context) {
        if (context.request().method() == HttpMethod.POST && RequestSizeLimit.isUpload(context.normalizedPath())
                && context.user() instanceof QuarkusHttpUser user && refused(user.getSecurityIdentity())) {
            RequestSizeLimit.refuse(context, 403, "forbidden", "Only an admin may import data; nothing was read");
            return;
        }
        context.next();
    }

    private static boolean refused(SecurityIdentity identity) {
        return !identity.isAnonymous() && !identity.hasRole(CurrentUser.ADMIN);
    }
}
