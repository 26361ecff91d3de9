package dev.bellwether.security;

import jakarta.enterprise.context.ApplicationScoped;

import dev.bellwether.web.Htmx;
import io.quarkus.oidc.JavaScriptRequestChecker;
import io.vertx.ext.web.RoutingContext;

/**
 * A request htmx makes from a page is not sent to Keycloak's sign-in page when the session has ended: the
 * browser would follow that redirect to another origin and refuse it, and the click would do nothing. With
 * {@code quarkus.oidc.authentication.java-script-auto-redirect=false} it answers 499 instead, and the page's
 * script (app.js) says the session has ended and offers to sign in again.
 */
@ApplicationScoped
public class HtmxRequests implements JavaScriptRequestChecker {

    @Override
    public boolean isJavaScriptRequest(RoutingContext context) {
        return "true".equals(context.request().getHeader(Htmx.REQUEST));
    }
}
