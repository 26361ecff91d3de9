package dev.bellwether.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A path with a {@code ;} ({@code /api;x/v1/imports}) is refused with 400 before anything reads it. The layers read
 * such a path differently: the sign-in chose the pages' session cookie for it (only {@code /api/*} is bearer-only),
 * while the REST layer dropped the "matrix parameter" and ran the API's endpoint, where the CSRF check is skipped:
 * a page of another site could then post an import with an admin's cookie. Bellwether writes no such path (a
 * {@code ;} in an id is {@code %3B} in its links), so none is lost.
 */
@ApplicationScoped
public class PathParameterGuard {

    static final String MESSAGE = "A ';' is not allowed in the address's path (write %3B for one inside an id)";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(PathParameterGuard::check);
    }

    private static void check(RoutingContext context) {
        String path = context.request().path();
        if (path != null && path.indexOf(';') >= 0) {
            BoundedMetricTags.refusedBeforeRouting();
            RequestSizeLimit.answer(context, 400, "bad_request", MESSAGE);
            return;
        }
        context.next();
    }
}
