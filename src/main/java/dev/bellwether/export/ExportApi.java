package dev.bellwether.export;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/v1/export}: the organisation's data as a zip (docs/export.md). Admins only. */
@Path("/api/v1/export")
@RolesAllowed("admin")
public class ExportApi {

    @Inject
    TenantExport export;

    @GET
    @Produces("application/zip")
    public Response export() {
        return export.download();
    }

    /** HEAD would run and audit an export whose body is thrown away: GET only. */
    @HEAD
    public Response head() {
        return Response.status(405).header("Allow", "GET").build();
    }
}
