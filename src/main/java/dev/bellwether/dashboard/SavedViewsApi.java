package dev.bellwether.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.InvalidInput;

/**
 * {@code /api/v1/views}: the CSM page's saved views for scripts (docs/api.md). Everyone reads the
 * views they can see (their own and the shared ones); CSMs and admins save and delete their own;
 * admins share. Bad input: 422 {@code {errors:[{field, message}]}}, nothing written.
 */
@Path("/api/v1/views")
@RolesAllowed({ "admin", "executive", "csm" })
@Produces(MediaType.APPLICATION_JSON)
public class SavedViewsApi {

    /** A view: {@code query} is the CSM page's query string, {@code mine} whether the caller owns it. */
    public record View(String id, String name, String query, boolean shared, String ownerEmail, boolean mine) {

        static View of(SavedViews.Item item) {
            return new View(item.id().toString(), item.name(), item.query(), item.shared(), item.ownerEmail(),
                    item.mine());
        }
    }

    /** The body of a save: {@code shared} only for admins. */
    public record NewView(String name, String query, Boolean shared) {

        static NewView of(JsonNode body) {
            List<FieldError> errors = fields(body, Set.of("name", "query", "shared"), "{name, query, shared}");
            NewView view = new NewView(text(body, "name", errors), text(body, "query", errors),
                    flag(body, errors));
            refuse(errors);
            return view;
        }
    }

    /** The body of a change: share with the tenant or take back (admins). */
    public record Change(Boolean shared) {

        static Change of(JsonNode body) {
            if (body == null || body.isNull() || body.isMissingNode()) {
                return new Change(null); // the missing flag is named as such
            }
            List<FieldError> errors = fields(body, Set.of("shared"), "{shared: true} or {shared: false}");
            Change change = new Change(flag(body, errors));
            refuse(errors);
            return change;
        }
    }

    @Inject
    SavedViews views;

    @GET
    public List<View> list() {
        return views.visible().stream().map(View::of).toList();
    }

    @POST
    @RolesAllowed({ "admin", "csm" })
    @Consumes(MediaType.APPLICATION_JSON)
    public Response save(JsonNode json) {
        NewView body = NewView.of(json);
        SavedViews.Item item = views.save(body.name(), body.query(), Boolean.TRUE.equals(body.shared()));
        return Response.status(201).entity(View.of(item)).build();
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public View change(@PathParam("id") String id, JsonNode json) {
        Change body = Change.of(json);
        if (body.shared() == null) {
            throw new InvalidInput("shared", "Send {shared: true} or {shared: false}.");
        }
        return View.of(views.share(SavedViewsResource.uuid(id), body.shared()));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({ "admin", "csm" })
    public Response delete(@PathParam("id") String id) {
        views.delete(SavedViewsResource.uuid(id));
        return Response.noContent().build();
    }

    /** {@code body}'s fields not among {@code known}; refused at once when it is not an object. */
    private static List<FieldError> fields(JsonNode body, Set<String> known, String shape) {
        if (body == null || !body.isObject()) {
            throw new InvalidInput("body", "Send " + shape + ".");
        }
        return new ArrayList<>(FieldError.unknown(body, known));
    }

    private static String text(JsonNode body, String field, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || value.isTextual()) {
            return value == null || value.isNull() ? null : value.asText();
        }
        errors.add(new FieldError(field, field + " must be text"));
        return null;
    }

    private static Boolean flag(JsonNode body, List<FieldError> errors) {
        JsonNode value = body.get("shared");
        if (value == null || value.isNull() || value.isBoolean()) {
            return value == null || value.isNull() ? null : value.asBoolean();
        }
        errors.add(new FieldError("shared", "shared must be true or false"));
        return null;
    }

    private static void refuse(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
    }
}
