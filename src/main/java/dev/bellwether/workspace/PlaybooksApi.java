package dev.bellwether.workspace;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code /api/v1/playbooks}: the tenant's playbooks and their outcomes (docs/api.md). Admins define them. */
@Path("/api/v1/playbooks")
@RolesAllowed({ "admin", "executive", "csm" })
@Produces(MediaType.APPLICATION_JSON)
public class PlaybooksApi {

    @Inject
    Playbooks playbooks;

    @GET
    public List<PlaybookDocument> list() {
        return playbooks.list();
    }

    @GET
    @Path("/{key}")
    public PlaybookDocument get(@PathParam("key") String key) {
        return playbooks.find(key).orElseThrow(() -> new NotFoundException("No playbook " + key));
    }

    /** Creates or replaces the playbook {@code key}: 200 with it; 422 with what is wrong, nothing written. */
    @PUT
    @Path("/{key}")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public PlaybookDocument put(@PathParam("key") String key, JsonNode json) {
        return playbooks.save(PlaybookDocument.read(key, json));
    }

    @GET
    @Path("/{key}/outcomes")
    public Playbooks.Outcomes outcomes(@PathParam("key") String key) {
        return playbooks.outcomes(key);
    }
}
