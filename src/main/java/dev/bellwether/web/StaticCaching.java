package dev.bellwether.web;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * How long a browser may keep a static asset (CSS, scripts, webjars, the icon): a year, as
 * {@code immutable}, when the URL carries the file's current content hash ({@code ?v=}, from
 * {@link Assets}); otherwise {@code no-cache}, so the browser asks again (a cheap 304 while the file
 * is unchanged) and never keeps a stale file after a deploy. Every other answer is {@code no-store}
 * (security.SecurityHeaders).
 */
@ApplicationScoped
public class StaticCaching {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    private static final List<String> STATIC = List.of("/webjars/", "/css/", "/js/", "/favicon.");
    private static final String DECIDED = "bellwether.cache-control";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        String path = context.normalizedPath();
        if (STATIC.stream().anyMatch(path::startsWith)) {
            // The web dependency locator reroutes /webjars/x/file to /webjars/x/<version>/file without the query and
            // without the handlers added before: decide on the first pass (the URL the browser asked for), keep the
            // decision in the context's data, which a reroute keeps, and add the handler again on every pass.
            String decided = context.get(DECIDED);
            String cacheControl = decided != null ? decided
                    : Assets.isCurrent(path, version(context)) ? IMMUTABLE : REVALIDATE;
            context.put(DECIDED, cacheControl);
            // an asset as kept; any other answer under these paths (a 404 page, showing who is signed in) not at all
            context.addHeadersEndHandler(ignored -> {
                int status = context.response().getStatusCode();
                context.response().headers().set("Cache-Control",
                        status == 200 || status == 304 ? cacheControl : "no-store");
            });
        }
        context.next();
    }

    /** The URL's {@code v}; null when there is none or the query is not valid percent-encoding ({@code ?v=%zz}). */
    private static String version(RoutingContext context) {
        try {
            return context.request().getParam("v");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
