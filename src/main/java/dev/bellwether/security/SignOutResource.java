package dev.bellwether.security;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /logout}: signs out. A POST with the page's CSRF token (the layout's sign-out
 * button), so no other site can sign a user out; a GET shows a page asking to sign out, which does
 * nothing by itself. It remembers the Keycloak
 * session as ended (a copy of the session cookie is refused from now on, see
 * {@link EndedSessionGuard}), drops the session cookie, and sends the browser to Keycloak to end
 * its single sign-on session, which then returns it to {@code /signed-out}.
 */
@Path("/logout")
@Authenticated
@Blocking
public class SignOutResource {

    @Inject
    SecurityIdentity identity;

    @Inject
    OidcSession session;

    @Inject
    OidcConfigurationMetadata keycloak;

    @Inject
    EndedSessions ended;

    @ConfigProperty(name = "quarkus.oidc.client-id")
    String clientId;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance confirm();
    }

    /**
     * The address opened by itself: a page asking to sign out, with the form (a GET signs nobody out). A sign-out
     * sent from a page left open past the session comes here once the browser has signed in again, where it met
     * "405 Method Not Allowed" with a fresh session.
     */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance confirm() {
        return Templates.confirm();
    }

    @POST
    public Uni<Response> signOut(@Context UriInfo uri) {
        SessionKey.sid(identity).ifPresent(ended::end);
        URI signedOut = uri.getBaseUriBuilder().path("signed-out").build();
        JsonWebToken idToken = session.getIdToken();
        URI next = idToken == null || idToken.getRawToken() == null || keycloak.getEndSessionUri() == null ? signedOut
                : UriBuilder.fromUri(keycloak.getEndSessionUri()).queryParam("id_token_hint", idToken.getRawToken())
                        .queryParam("client_id", clientId).queryParam("post_logout_redirect_uri", signedOut).build();
        return session.logout().replaceWith(Response.seeOther(next).build());
    }
}
