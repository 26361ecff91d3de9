package dev.bellwether.admin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /admin/coverage}: which health measures have data, for the whole book and per account
 * (the accounts resting on the fewest measures first), so admins see where a score rests on little.
 * Over the paying accounts of the reporting month, from the latest recalculation ({@link Coverage}).
 */
@Path("/admin/coverage")
@RolesAllowed("admin")
@Produces(MediaType.TEXT_HTML)
public class CoveragePage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(Coverage.View view);
    }

    @Inject
    Coverage coverage;

    @GET
    public TemplateInstance page(@QueryParam("page") String page) {
        return Templates.page(coverage.report(page));
    }
}
