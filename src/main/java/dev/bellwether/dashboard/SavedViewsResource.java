package dev.bellwether.dashboard;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import dev.bellwether.platform.InvalidInput;
import dev.bellwether.tenant.CurrentUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /csm/views}: the CSM page's saved-views menu (GET) and its changes, each answering the
 * refreshed menu: save the current filters under a name, delete a view, share one with the tenant
 * (admins). Bad input is a 422 menu that says what to fix, with nothing written.
 */
@Path("/csm/views")
@jakarta.inject.Singleton
@RolesAllowed({ "csm", "admin" })
@Produces(MediaType.TEXT_HTML)
public class SavedViewsResource {

    /**
     * What the menu shows: the views, the filters the save form would keep, who looks, and the name
     * as typed when it was refused (null otherwise), so the person corrects it rather than types it again.
     */
    public record Menu(List<SavedViews.Item> views, String query, boolean mayAct, boolean admin,
            CsmResource.Flash flash, String typedName) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance menu(Menu menu);
    }

    @Inject
    SavedViews views;

    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance menu(@QueryParam("query") String query) {
        return Templates.menu(menu(views.normalise(query), null));
    }

    /** Saves {@code query} as {@code name} (shared with the tenant when an admin asks). */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@RestForm String name, @RestForm String query, @RestForm String shared) {
        String kept = query == null ? "" : query;
        try {
            SavedViews.Item saved = views.save(name, query, "true".equals(shared));
            return Response.ok(Templates.menu(menu(saved.query(),
                    new CsmResource.Flash("Saved “" + saved.name() + "”.", false, false)))).build();
        } catch (InvalidInput e) {
            String shown = kept.length() > SavedViews.QUERY_MAX ? "" : kept;
            return Response.status(422).entity(Templates.menu(menu(shown,
                    new CsmResource.Flash(e.getMessage(), true, false), name == null ? "" : name))).build();
        }
    }

    @POST
    @Path("/{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance delete(@PathParam("id") String id, @RestForm String query) {
        SavedViews.Item gone = views.delete(uuid(id));
        return Templates.menu(menu(safe(query), new CsmResource.Flash("Deleted “" + gone.name() + "”.", false, false)));
    }

    @POST
    @Path("/{id}/share")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance share(@PathParam("id") String id, @RestForm String shared, @RestForm String query) {
        SavedViews.Item item = views.share(uuid(id), "true".equals(shared));
        String text = item.shared() ? "“" + item.name() + "” is shared with everyone."
                : "“" + item.name() + "” is yours alone again.";
        return Templates.menu(menu(safe(query), new CsmResource.Flash(text, false, false)));
    }

    private Menu menu(String query, CsmResource.Flash flash) {
        return menu(query, flash, null);
    }

    private Menu menu(String query, CsmResource.Flash flash, String typedName) {
        boolean mayAct = user.getRoles().contains(CurrentUser.CSM) || user.isAdmin();
        return new Menu(views.visible(), query, mayAct, user.isAdmin(), flash, typedName);
    }

    private String safe(String query) {
        try {
            return views.normalise(query == null || query.length() > SavedViews.QUERY_MAX ? "" : query);
        } catch (InvalidInput e) {
            return "";
        }
    }

    /** A view's id; anything else is a view that does not exist. */
    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("There is no saved view " + id + ".");
        }
    }
}
