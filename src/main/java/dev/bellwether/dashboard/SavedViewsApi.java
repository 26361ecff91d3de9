package dev.bellwether.dashboard;

import java.util.List;

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
    }

    /** The body of a change: share with the tenant or take back (admins). */
    public record Change(Boolean shared) {
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
    public Response save(NewView body) {
        if (body == null) {
            throw new InvalidInput("body", "Send {name, query, shared}.");
        }
        SavedViews.Item item = views.save(body.name(), body.query(), Boolean.TRUE.equals(body.shared()));
        return Response.status(201).entity(View.of(item)).build();
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public View change(@PathParam("id") String id, Change body) {
        if (body == null || body.shared() == null) {
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
}
