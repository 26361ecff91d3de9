package dev.bellwether.dashboard;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** {@code /csm}: the customer success manager's work queue. */
@Path("/csm")
@RolesAllowed({ "csm", "admin" })
@Produces(MediaType.TEXT_HTML)
public class CsmResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page();
    }

    @GET
    public TemplateInstance page() {
        return Templates.page();
    }
}
