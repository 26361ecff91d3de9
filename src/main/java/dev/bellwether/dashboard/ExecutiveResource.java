package dev.bellwether.dashboard;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** {@code /executive}: the leaders' dashboard. */
@Path("/executive")
@RolesAllowed({ "executive", "admin" })
@Produces(MediaType.TEXT_HTML)
public class ExecutiveResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page();
    }

    @GET
    public TemplateInstance page() {
        return Templates.page();
    }
}
