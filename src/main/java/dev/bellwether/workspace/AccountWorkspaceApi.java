package dev.bellwether.workspace;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bellwether.web.Links;

/**
 * {@code /api/v1/accounts/{id}/…}: the CSM's workspace on one account (docs/api.md): log a note or
 * an activity, read the timeline, run a playbook by hand. Another tenant's account answers 404.
 */
@Path("/api/v1/accounts/{accountId}")
@RolesAllowed({ "admin", "executive", "csm" })
@Produces(MediaType.APPLICATION_JSON)
public class AccountWorkspaceApi {

    private static final Set<String> NOTE_FIELDS = Set.of("type", "occurredAt", "body", "attendees");

    @Inject
    Notes notes;

    @Inject
    Timeline timeline;

    @Inject
    Playbooks playbooks;

    /** Logs a note or an activity: 201 with it; 422 with what is wrong, nothing written. */
    @POST
    @Path("/notes")
    @RolesAllowed({ "admin", "csm" })
    @Consumes(MediaType.APPLICATION_JSON)
    public Response logNote(@PathParam("accountId") String accountId, JsonNode json) {
        Body body = Body.of(json, NOTE_FIELDS);
        String type = body.text("type", true, 32);
        String occurredAt = body.text("occurredAt", false, 32);
        String text = body.has("body") && json.get("body").isTextual() ? json.get("body").asText() : null;
        if (body.has("body") && !json.get("body").isTextual() && !json.get("body").isNull()) {
            body.error("body", "body must be text");
        }
        String attendees = body.text("attendees", false, Notes.ATTENDEES_MAX);
        Notes.Note note = notes.log(accountId, body.check(() -> notes.request(type, occurredAt, text, attendees)));
        // a note has no address of its own: it is read in the account's timeline
        return Response.created(URI.create("/api/v1/accounts/" + Links.segment(accountId) + "/timeline"))
                .entity(note).build();
    }

    /**
     * The account's timeline, newest first: {@code limit} entries (1–200, 50 by default) of page
     * {@code page} (from 1), of the kinds asked for ({@code kind}, repeated or comma-separated; all when absent).
     */
    @GET
    @Path("/timeline")
    public List<Timeline.Entry> timeline(@PathParam("accountId") String accountId, @QueryParam("limit") String limit,
            @QueryParam("page") String page, @QueryParam("kind") List<String> kinds) {
        Timeline.Query query = Timeline.Query.parse(limit, page, kinds);
        return timeline.of(accountId, query).entries();
    }

    /** Runs a playbook on the account by hand: 201 {@code {tasks:[…]}}. */
    @POST
    @Path("/playbooks/{key}")
    @RolesAllowed({ "admin", "csm" })
    public Response runPlaybook(@PathParam("accountId") String accountId, @PathParam("key") String key) {
        List<Tasks.TaskView> created = playbooks.run(accountId, key);
        return Response.status(201).entity(Map.of("tasks", created)).build();
    }
}
