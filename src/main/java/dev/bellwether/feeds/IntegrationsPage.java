package dev.bellwether.feeds;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.bellwether.platform.Ids;
import dev.bellwether.tenant.CurrentUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /admin/integrations}: the tenant's ingest keys (create, with the secret shown once; revoke;
 * when each was last used) and how to point Segment or RudderStack at {@code /api/v1/events}.
 */
@Path("/admin/integrations")
@RolesAllowed(CurrentUser.ADMIN)
@Produces(MediaType.TEXT_HTML)
public class IntegrationsPage {

    /**
     * What the page shows: {@code created} is a key just made (its secret shown this once), {@code flash}
     * what the last action did, {@code nameError} what was wrong with a typed name; {@code form} names the
     * creation form as shown this time (posted again by a reload, it creates nothing).
     */
    public record View(List<IngestKeys.Listed> keys, IngestKeys.Created created, String flash, String nameError,
            String typedName, String eventsUrl, UUID form) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view);
    }

    @Inject
    IngestKeys keys;

    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance page(@QueryParam("done") String done) {
        return Templates.page(view(null, "revoked".equals(done) ? "The key is revoked: it is refused from now on."
                : null, null, ""));
    }

    /** Creates a key and shows its secret in the answer itself (never in a URL, never again). */
    @POST
    @Path("/keys")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("name") String name, @FormParam("form") String form) {
        var problem = IngestKeys.nameProblem(name);
        if (problem.isPresent()) {
            return Response.status(422).entity(Templates.page(view(null, "Nothing was created: the name needs a fix.",
                    "Name " + problem.get(), name == null ? "" : name))).build();
        }
        var request = Ids.uuid(form);
        java.util.Optional<IngestKeys.Created> created;
        try {
            created = request.isEmpty() ? java.util.Optional.of(keys.create(user.getUsername(), user.getName(),
                    name.strip())) : keys.createOnce(user.getUsername(), user.getName(), name.strip(), request.get());
        } catch (IngestKeys.Refused refused) {
            return Response.status(refused.onName() ? 422 : 409).entity(Templates.page(refused.onName()
                    ? view(null, "Nothing was created: the name needs a fix.", "Name " + refused.getMessage(), name)
                    : view(null, "Nothing was created. " + refused.getMessage(), null, name))).build();
        }
        if (created.isEmpty()) {
            // sent twice (a double click, a retry): the first answer, the one showing the secret, may never have
            // been seen, so the key it made is named, with what to do
            String earlier = keys.createdBy(request.get()).map(made -> "the key “" + made + "”").orElse("its key");
            return Response.status(409).entity(Templates.page(view(null, "Nothing more was created: this form"
                    + " created " + earlier + " already, listed below, and its secret was shown once only, in the"
                    + " answer to its first sending. If you did not copy it, revoke that key and create another under"
                    + " another name.", null, name))).build();
        }
        return Response.ok(Templates.page(view(created.get(), null, null, ""))).header("Cache-Control", "no-store")
                .build();
    }

    @POST
    @Path("/keys/{id}/revoke")
    public Response revoke(@PathParam("id") String id) {
        UUID key = Ids.uuid(id).orElseThrow(NotFoundException::new);
        if (keys.revoke(user.getUsername(), user.getName(), key).isEmpty()) {
            throw new NotFoundException();
        }
        return Response.seeOther(URI.create("/admin/integrations?done=revoked")).build();
    }

    private View view(IngestKeys.Created created, String flash, String nameError, String typedName) {
        return new View(keys.list(), created, flash, nameError, typedName, "/api/v1/events", UUID.randomUUID());
    }
}
