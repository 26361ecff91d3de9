package dev.bellwether.export;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/**
 * {@code /admin/export}: the same zip as {@code GET /api/v1/export}, for the button on {@code /admin}
 * (the page's session cookie does not reach the bearer-only API).
 */
@Path("/admin/export")
@RolesAllowed("admin")
public class ExportDownload {

    @Inject
    TenantExport export;

    @GET
    @Produces("application/zip")
    public Response download() {
        return export.download();
    }
}
