package dev.bellwether.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A url-encoded form of more than 1,000 fields fails in the REST layer's form parser with a plain
 * {@link RuntimeException} ("Param limit of 1000 was exceeded") before any endpoint runs; no exception mapper
 * takes a bare runtime exception (one for it would also stop the REST layer unwrapping its wrappers), so it
 * reaches the router's failure handlers, where this one answers it as the client's: 413, naming the limit.
 * Quarkus 3.30 applies {@code quarkus.http.limits.max-parameters} to multipart bodies only; the url-encoded
 * parser keeps its own 1,000. Anything else goes on to the next failure handler, unchanged.
 */
@ApplicationScoped
public class FormFieldLimit {

    /** The form parser's message when a form has more fields than it reads. */
    private static final Pattern PARAM_LIMIT = Pattern.compile("Param limit of (\\d+) was exceeded");

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 2).failureHandler(this::answer);
    }

    private void answer(RoutingContext context) {
        Throwable failure = context.failure();
        Matcher limit = PARAM_LIMIT.matcher(failure == null || failure.getMessage() == null ? ""
                : failure.getMessage());
        if (failure == null || failure.getClass() != RuntimeException.class || !limit.matches()
                || context.response().headWritten()) {
            context.next();
            return;
        }
        RequestSizeLimit.answer(context, 413, "payload_too_large",
                "The form has too many fields: a form here holds at most " + limit.group(1) + " fields");
    }
}
