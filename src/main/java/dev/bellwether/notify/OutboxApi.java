package dev.bellwether.notify;

import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.bellwether.platform.InvalidFields;


/** {@code GET /api/v1/admin/outbox?status=pending|sent|failed&limit=}: the tenant's outbox (admins), newest first. */
@Path("/api/v1/admin/outbox")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxApi {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    @Inject
    OutboxBook outbox;

    @GET
    public Response list(@QueryParam("status") String status, @QueryParam("limit") String limit) {
        InvalidFields invalid = new InvalidFields();
        Optional<OutboxStatus> wanted = OutboxStatus.of(status);
        if (status != null && !status.isEmpty() && wanted.isEmpty()) {
            invalid.add("status", "must be pending, sent or failed");
        }
        int size = DEFAULT_LIMIT;
        if (limit != null && !limit.isEmpty()) {
            try {
                size = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_LIMIT) {
                invalid.add("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        if (invalid.any()) {
            return invalid.response();
        }
        return Response.ok(outbox.list(wanted.orElse(null), size)).build();
    }
}
