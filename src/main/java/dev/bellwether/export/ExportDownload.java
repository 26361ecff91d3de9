package dev.bellwether.export;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import dev.bellwether.web.ErrorMapper;

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
    public Response download(@HeaderParam("Sec-Fetch-Site") String site, @Context UriInfo uri) {
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            // the error page in the layout, with the way back: a click that had to sign in again first comes
            // back from the sign-in page, another site, and lands here too
            return ErrorMapper.respond(uri, 403, "Forbidden", "An export starts from Administration in Bellwether"
                    + " itself, not from a link elsewhere (nor right after signing in again). Open Administration"
                    + " and click \"Download all data\" there.");
        }
        return export.download();
    }

    /** HEAD would run and audit an export whose body is thrown away: GET only. */
    @HEAD
    public Response head() {
        return Response.status(405).header("Allow", "GET").build();
    }
}
