package dev.bellwether.security;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Keeps the HTTP metrics' {@code uri} tag bounded. A request refused before it is routed has no route
 * template, and Micrometer would tag it with its raw path: every made-up URL anyone sends would open
 * new series, until the cap of 100 drops real ones. Those are tagged with a word instead, the way
 * Quarkus already tags unmatched paths {@code NOT_FOUND} and redirects {@code REDIRECTION}:
 * {@value #UNAUTHORIZED} for want of credentials (401), {@value #REFUSED} for the filters' own refusals
 * (a NUL character, a body's size or length: {@link #refusedBeforeRouting}) and for an htmx request whose
 * session has ended (499, answered by the sign-in before any route).
 */
@Singleton
public class BoundedMetricTags {

    static final String UNAUTHORIZED = "UNAUTHORIZED";

    static final String REFUSED = "REFUSED";

    /** Where Quarkus's HTTP metrics look for a request's route template (its request context's local data). */
    private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    /** Tags the current request, answered by a filter before any route, {@value #REFUSED}. */
    static void refusedBeforeRouting() {
        Context context = Vertx.currentContext();
        if (context != null) {
            context.putLocal(URL_PATH_TEMPLATE, REFUSED);
        }
    }

    @Produces
    @Singleton
    MeterFilter refusedRequestsShareOneUri() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String status = id.getTag("status");
                if (!id.getName().startsWith("http.server") || id.getTag("uri") == null) {
                    return id;
                }
                // the template a filter set comes back as a path ("/REFUSED"): one word for both
                String word = "401".equals(status) ? UNAUTHORIZED
                        : "499".equals(status) || ("/" + REFUSED).equals(id.getTag("uri")) ? REFUSED : null;
                return word == null ? id : id.replaceTags(id.getTags().stream()
                        .map(tag -> tag.getKey().equals("uri") ? Tag.of("uri", word) : tag).toList());
            }
        };
    }
}
