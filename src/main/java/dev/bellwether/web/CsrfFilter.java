package dev.bellwether.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import io.quarkus.security.ForbiddenException;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * Double-submit CSRF protection for the pages (the cookie session). Safe requests get a random
 * token in an HttpOnly, SameSite=Strict cookie; every unsafe page request must send the same
 * token in the {@value #HEADER} header (htmx does, from {@code <body hx-headers>}) or the
 * {@value #FORM_FIELD} form field.
 *
 * <p>The JSON API is left out on purpose: it accepts bearer tokens only, never the session cookie,
 * so a cross-site request cannot act as the user there. quarkus-rest-csrf cannot exempt a path
 * (quarkusio/quarkus#53715) and would refuse scripted multipart uploads; see docs/architecture.md.
 */
public class CsrfFilter {

    public static final String COOKIE = "bw-csrf";
    public static final String HEADER = "X-CSRF-Token";
    public static final String FORM_FIELD = "csrf-token";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    CsrfToken csrf;

    @ServerRequestFilter(priority = 500)
    @WithFormRead
    public void check(ResteasyReactiveContainerRequestContext request, RoutingContext routing) {
        if (Requests.isApi(request.getUriInfo().getPath())) {
            return;
        }
        Cookie cookie = routing.request().getCookie(COOKIE);
        String expected = cookie != null && WELL_FORMED.matcher(cookie.getValue()).matches() ? cookie.getValue() : null;
        if (SAFE_METHODS.contains(request.getMethod())) {
            if (expected == null) {
                csrf.use(newToken(), true);
            } else {
                csrf.use(expected, false);
            }
            return;
        }
        String sent = request.getHeaderString(HEADER);
        if (sent == null) {
            Object field = ((ResteasyReactiveRequestContext) request.getServerRequestContext())
                    .getFormParameter(FORM_FIELD, true, false);
            sent = field instanceof String text ? text : null;
        }
        if (expected == null || sent == null || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.US_ASCII))) {
            throw new ForbiddenException("This form has expired or did not come from Bellwether."
                    + " Reload the page and try again.");
        }
        csrf.use(expected, false);
    }

    @ServerResponseFilter
    public void issue(ContainerRequestContext request, ContainerResponseContext response) {
        if (csrf.isIssued()) {
            boolean secure = "https".equals(request.getUriInfo().getRequestUri().getScheme());
            response.getHeaders().add(HttpHeaders.SET_COOKIE, COOKIE + "=" + csrf.getToken()
                    + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
