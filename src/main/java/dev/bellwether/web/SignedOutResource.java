package dev.bellwether.web;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** {@code /signed-out}: where Keycloak returns the browser after sign-out. */
@Path("/signed-out")
@PermitAll
public class SignedOutResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signedOut();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance signedOut() {
        return Templates.signedOut();
    }
}
