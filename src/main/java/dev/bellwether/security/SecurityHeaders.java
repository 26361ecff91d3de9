package dev.bellwether.security;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;

/**
 * The browser security headers, on every answer of the app's port (pages, fragments, CSV exports,
 * the API, static files, errors and sign-in redirects alike):
 * <ul>
 * <li>{@code Content-Security-Policy}: scripts, styles, images, fonts and requests from the app's
 * own origin only, and no framing by anyone ({@code frame-ancestors 'none'}, with
 * {@code X-Frame-Options: DENY} for older browsers). The pages have no inline script or style, so
 * this costs nothing;</li>
 * <li>{@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy: same-origin};</li>
 * <li>{@code Cache-Control: no-store} on everything but the static assets, so that no page, export
 * or API answer of a signed-in user is kept by a browser or a proxy;</li>
 * <li>{@code Strict-Transport-Security} on answers over https (directly or, with forwarding on, as
 * the proxy reports): for a year the browser goes to the app over https only, so a network attacker
 * cannot answer a plain-http request with a planted session cookie.</li>
 * </ul>
 * A route handler installed first on the router (before security and the REST layer) adds them
 * just before the headers are written, whatever produced the answer.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String POLICY = "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'";

    static final String HSTS = "max-age=31536000; includeSubDomains";

    /** Paths of static, tenant-independent assets: the only answers a cache may keep. */
    private static final List<String> STATIC = List.of("/webjars/", "/css/", "/js/", "/favicon.");

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String path = context.normalizedPath();
            boolean https = "https".equals(context.request().scheme());
            context.addHeadersEndHandler(ignored -> apply(context.response().headers(), path, https));
            context.next();
        });
    }

    static void apply(MultiMap headers, String path, boolean https) {
        if (https) {
            headers.set("Strict-Transport-Security", HSTS);
        }
        headers.set("Content-Security-Policy", POLICY);
        headers.set("X-Frame-Options", "DENY");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "same-origin");
        if (STATIC.stream().noneMatch(path::startsWith)) {
            headers.set("Cache-Control", "no-store");
            headers.remove("Pragma");
            headers.remove("Expires");
        }
    }
}
