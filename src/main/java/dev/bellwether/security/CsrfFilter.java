package dev.bellwether.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import dev.bellwether.web.Requests;
import io.quarkus.security.ForbiddenException;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * CSRF protection for the pages (the cookie session). The token is bound to the signed-in session:
 * base64url(HMAC-SHA256(key derived from the session secret, session key)), see {@link SessionKey}.
 * Pages carry it in {@code <body hx-headers>} and forms, masked afresh for each answer ({@link CsrfToken});
 * every unsafe page request must send it in
 * the {@value #HEADER} header or the {@value #FORM_FIELD} form field, and in the HttpOnly,
 * SameSite=Strict cookie as well (named {@value #SECURE_COOKIE} and {@code Secure} over https). A
 * token minted for one session is refused in any other; anonymous requests have none.
 *
 * <p>The JSON API is left out on purpose: it accepts bearer tokens only, never the session cookie,
 * so a cross-site request cannot act as the user there. Nor is an email's unsubscribe link
 * ({@link Requests#UNSUBSCRIBE_PREFIX}): a mail program posts to it without a session (RFC 8058), and its signed
 * token, which only the email's reader has, is what it acts on, not whoever is signed in. quarkus-rest-csrf
 * cannot exempt a path (quarkusio/quarkus#53715) and would refuse scripted multipart uploads; see docs/architecture.md.
 */
public class CsrfFilter {

    public static final String COOKIE = "bw-csrf";
    /** The cookie's name over https: the prefix makes browsers insist on Secure, Path=/ and no Domain. */
    public static final String SECURE_COOKIE = "__Host-" + COOKIE;
    public static final String HEADER = "X-CSRF-Token";
    public static final String FORM_FIELD = "csrf-token";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    CsrfToken csrf;


    @ServerRequestFilter(priority = 500)
    @WithFormRead
    public void check(ResteasyReactiveContainerRequestContext request, RoutingContext routing) {
        String path = request.getUriInfo().getPath();
        if (Requests.isApi(path) || Requests.isUnsubscribe(path)) {
            return;
        }
        String expected = csrf.ofSession().orElse(null);
        Cookie cookie = routing.request().getCookie(isHttps(routing) ? SECURE_COOKIE : COOKIE);
        String inCookie = cookie == null ? null : cookie.getValue();
        if (SAFE_METHODS.contains(request.getMethod())) {
            if (expected != null) {
                csrf.use(expected, !expected.equals(inCookie));
            }
            return;
        }
        String sent = request.getHeaderString(HEADER);
        if (sent == null) {
            Object field = ((ResteasyReactiveRequestContext) request.getServerRequestContext())
                    .getFormParameter(FORM_FIELD, true, false);
            sent = field instanceof String text ? text : null;
        }
        // a page sends the token masked; the token itself (the cookie's, say) is as good
        boolean tokenSent = matches(expected, CsrfToken.unmask(sent)) || matches(expected, sent);
        if (expected == null || !tokenSent || !matches(expected, inCookie)) {
            throw new ForbiddenException(
                    "This form has expired or did not come from Bellwether. Go back, reload the page"
                            + " (reloading this one sends the same form again) and send it again.");
        }
        csrf.use(expected, false);
    }

    @ServerResponseFilter
    public void issue(ContainerResponseContext response, RoutingContext routing) {
        if (csrf.isIssued()) {
            boolean https = isHttps(routing);
            response.getHeaders().add(HttpHeaders.SET_COOKIE, (https ? SECURE_COOKIE : COOKIE) + "=" + csrf.raw()
                    + "; Path=/; HttpOnly; SameSite=Strict" + (https ? "; Secure" : ""));
        }
    }

    /**
     * Https as the browser sees it: behind a TLS proxy, once forwarded headers are trusted (docs/deployment.md).
     * The scheme alone, not the request's URI, which a query Chrome sends unescaped ({@code ?segment=A|B}) fails.
     */
    private static boolean isHttps(RoutingContext routing) {
        return "https".equals(routing.request().scheme());
    }

    private static boolean matches(String expected, String sent) {
        return sent != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                sent.getBytes(StandardCharsets.US_ASCII));
    }
}
