package dev.bellwether.export;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /admin/export}: the same zip as {@code GET /api/v1/export}, for the button on {@code /admin}
 * (the page's session cookie does not reach the bearer-only API). The download is audited and costs
 * the database a full read, so it is a GET only the app's own pages may start: a browser that says
 * the request came from another site ({@code Sec-Fetch-Site}) is refused, so a link or script
 * elsewhere cannot make an admin export (the session cookie is SameSite=Lax and goes with it).
 */
@Path("/admin/export")
@RolesAllowed("admin")
public class ExportDownload {

    @Inject
    TenantExport export;

    @GET
    @Produces("application/zip")
    public Response download(@HeaderParam("Sec-Fetch-Site") String site) {
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return Response.status(403).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity("An export starts from Administration in Bellwether itself, not from a link elsewhere.\n")
                    .build();
        }
        return export.download();
    }
}
