package dev.bellwether.feeds;

import java.net.URI;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.Ids;
import dev.bellwether.platform.InvalidFields;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.web.ApiError;

/**
 * {@code /api/v1/admin/ingest-keys} (admins): the keys data feeds send events with. Creating answers
 * 201 {@code {id, name, secret}}, the one time the secret is shown; the list never holds secrets.
 */
@Path("/api/v1/admin/ingest-keys")
@RolesAllowed(CurrentUser.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class IngestKeysApi {

    @Inject
    IngestKeys keys;

    @Inject
    CurrentUser user;

    @GET
    public List<IngestKeys.Listed> list() {
        return keys.list();
    }

    /**
     * {@code {name}}: 201 with the secret; 422 {@code {errors:[{field, message}]}}, nothing saved (a name an active
     * key has is refused too); 409 when the organisation has {@link IngestKeys#MAX_ACTIVE} keys in use.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        InvalidFields invalid = new InvalidFields();
        if (body == null || !body.isObject()) {
            invalid.add("body", "The body must be an object {name}");
            return invalid.response();
        }
        FieldError.unknown(body, Set.of("name")).forEach(error -> invalid.add(error.field(), error.message()));
        JsonNode name = body.get("name");
        String text = name != null && name.isTextual() ? name.asText() : null;
        if (name != null && !name.isNull() && !name.isTextual()) {
            invalid.add("name", "name must be text"); // sent, but not as text: not "required"
        } else {
            IngestKeys.nameProblem(text).ifPresent(problem -> invalid.add("name", "name " + problem));
        }
        if (invalid.any()) {
            return invalid.response();
        }
        IngestKeys.Created created;
        try {
            created = keys.create(user.getUsername(), user.getName(), text.strip());
        } catch (IngestKeys.Refused refused) {
            if (refused.onName()) {
                invalid.add("name", "name " + refused.getMessage());
                return invalid.response();
            }
            return Response.status(409).type(MediaType.APPLICATION_JSON)
                    .entity(new ApiError(409, "too_many_keys", refused.getMessage())).build();
        }
        return Response.created(URI.create("/api/v1/admin/ingest-keys/" + created.id())).entity(created).build();
    }

    /** The key as listed (where the 201's Location points); 404 when the tenant has no such key. */
    @GET
    @Path("/{id}")
    public Response one(@PathParam("id") String id) {
        return Ids.uuid(id).flatMap(keys::find).map(listed -> Response.ok(listed).build())
                .orElseGet(IngestKeysApi::notFound);
    }

    /** Revokes the key: 200 with the key as listed; 404 when the tenant has no such key. */
    @DELETE
    @Path("/{id}")
    public Response revoke(@PathParam("id") String id) {
        return Ids.uuid(id).flatMap(key -> keys.revoke(user.getUsername(), user.getName(), key))
                .map(listed -> Response.ok(listed).build()).orElseGet(IngestKeysApi::notFound);
    }

    private static Response notFound() {
        return Response.status(404).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(404, "not_found", "No such ingest key")).build();
    }

}
