package dev.bellwether.web;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * {@code /sign-in-failed}: where a sign-in the identity provider answered with an error ends
 * ({@code quarkus.oidc.authentication.error-path}): cancelled or refused at a company's own sign-in. It ended on an
 * empty 401 page.
 */
@Path("/sign-in-failed")
@PermitAll
public class SignInFailedResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(boolean cancelled);
    }

    @Inject
    SecurityIdentity identity;

    /**
     * Said in the app's words, with a way to try again; the provider's own description
     * is not repeated, as anyone can put words in this address. A visitor signed in meanwhile is sent home.
     */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("error") String error) {
        if (!identity.isAnonymous()) {
            return Response.seeOther(URI.create("/")).build();
        }
        return Response.ok(Templates.page("access_denied".equals(error))).build();
    }
}
