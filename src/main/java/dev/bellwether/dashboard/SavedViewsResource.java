package dev.bellwether.dashboard;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import dev.bellwether.platform.Ids;
import dev.bellwether.platform.InvalidInput;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.web.DoneWords;
import dev.bellwether.web.Htmx;
import dev.bellwether.web.Links;
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
            CsmResource.Flash flash, String typedName, String email, boolean nameAtFault) {

        /** The CSM page of {@link #query}, where a form posted without htmx sends the browser back. */
        public String back() {
            return Links.csm(Map.of()) + (query.isEmpty() ? "" : "?" + query);
        }
    }

    /** What a change did, as the CSM page says it after a form posted without htmx ({@code done=saved}). */
    enum Done {
        SAVED("View saved."),
        DELETED("View deleted."),
        SHARED("View shared with everyone."),
        UNSHARED("View no longer shared.");

        private final String message;

        Done(String message) {
            this.message = message;
        }

        String message() {
            return message;
        }
    }

    /** The menu answers htmx; {@code page} is the menu on a page of its own, saying what to fix without htmx. */
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance menu(Menu menu);

        static native TemplateInstance page(Menu menu);
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
    public Response save(@RestForm String name, @RestForm String query, @RestForm String shared,
            @HeaderParam(Htmx.REQUEST) String htmx) {
        try {
            SavedViews.Item saved = views.save(name, query, "true".equals(shared));
            Menu menu = menu(saved.query(), new CsmResource.Flash("Saved “" + saved.name() + "”.", false, false));
            return answer(htmx, menu, Done.SAVED);
        } catch (InvalidInput e) {
            // the name field is marked only when the name is what is wrong (not 50 views already, not the filters)
            boolean nameAtFault = e.errors().stream().anyMatch(error -> error.field().equals("name"));
            // filters refused as too long stay as sent, so saving again is refused again (made safe, they were
            // none, and the retry saved a view of no filters)
            boolean queryAtFault = e.errors().stream().anyMatch(error -> error.field().equals("query"));
            Menu menu = menu(queryAtFault && query != null ? query : safe(query),
                    new CsmResource.Flash(e.getMessage(), true, false), name == null ? "" : name, nameAtFault);
            return Response.status(422).entity(Htmx.isRequest(htmx) ? Templates.menu(menu) : Templates.page(menu))
                    .build();
        }
    }

    @POST
    @Path("/{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") String id, @RestForm String query,
            @HeaderParam(Htmx.REQUEST) String htmx) {
        SavedViews.Item gone = views.delete(uuid(id));
        return answer(htmx, menu(safe(query), new CsmResource.Flash("Deleted “" + gone.name() + "”.", false, false)),
                Done.DELETED);
    }

    @POST
    @Path("/{id}/share")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response share(@PathParam("id") String id, @RestForm String shared, @RestForm String query,
            @HeaderParam(Htmx.REQUEST) String htmx) {
        SavedViews.Item item = views.share(uuid(id), "true".equals(shared));
        String text = item.shared() ? "“" + item.name() + "” is shared with everyone."
                : item.mine() ? "“" + item.name() + "” is yours alone again."
                : "“" + item.name() + "” is no longer shared: it is " + item.ownerEmail() + "'s alone again.";
        return answer(htmx, menu(safe(query), new CsmResource.Flash(text, false, false)),
                item.shared() ? Done.SHARED : Done.UNSHARED);
    }

    /** The refreshed menu for htmx; else (posted before htmx loaded, or without JavaScript) 303 to its page. */
    private static Response answer(String htmx, Menu menu, Done done) {
        return Htmx.isRequest(htmx) ? Response.ok(Templates.menu(menu)).build()
                : DoneWords.redirect(menu.back(), done);
    }

    private Menu menu(String query, CsmResource.Flash flash) {
        return menu(query, flash, null, false);
    }

    private Menu menu(String query, CsmResource.Flash flash, String typedName, boolean nameAtFault) {
        boolean mayAct = user.getRoles().contains(CurrentUser.CSM) || user.isAdmin();
        return new Menu(views.visible(), query, mayAct, user.isAdmin(), flash, typedName, user.getEmail(),
                nameAtFault);
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
        return Ids.uuid(id).orElseThrow(() -> new NotFoundException("There is no saved view " + id + "."));
    }
}
