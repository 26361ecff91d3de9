package dev.bellwether.feeds;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A bearer token that is not valid here (expired, malformed, another client's) fails the HTTP layer's sign-in
 * before any endpoint runs, even on a path open to all such as {@code POST /api/v1/events}; there it gets the
 * events API's own 401 (a key is wanted, as HTTP Basic), not the token's empty challenge.
 */
@ApplicationScoped
public class EventsTokenRefusal {

    void install(@Observes Router router) {
        router.route("/api/v1/events").order(Integer.MIN_VALUE + 3).failureHandler(this::answer);
    }

    private void answer(RoutingContext context) {
        if (!(context.failure() instanceof AuthenticationFailedException) || context.response().headWritten()) {
            context.next();
            return;
        }
        context.response().setStatusCode(401).putHeader("WWW-Authenticate", EventsApi.CHALLENGE)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"status\":401,\"error\":\"unauthorized\",\"message\":\"" + EventsApi.UNAUTHORIZED + "\"}");
    }
}
