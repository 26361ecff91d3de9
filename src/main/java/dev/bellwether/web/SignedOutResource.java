package dev.bellwether.web;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/** {@code /signed-out}: where Keycloak returns the browser after sign-out. */
@Path("/signed-out")
@PermitAll
public class SignedOutResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signedOut();
    }

    @Inject
    SecurityIdentity identity;

    /**
     * The page for a visitor who is signed out; one still signed in (Back after signing in again, a bookmark) is
     * sent home, where "You are signed out" under their own name and Sign out button would contradict itself.
     */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response signedOut() {
        if (!identity.isAnonymous()) {
            return Response.seeOther(URI.create("/")).build();
        }
        return Response.ok(Templates.signedOut()).build();
    }
}
