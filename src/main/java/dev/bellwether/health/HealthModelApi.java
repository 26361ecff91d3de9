package dev.bellwether.health;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;


/**
 * {@code /api/v1/health-model}: the tenant's health model (everyone reads it; admins change it).
 * Every change is a new version and triggers a recalculation.
 */
@Path("/api/v1/health-model")
@RolesAllowed({ "admin", "executive", "csm" })
@Produces(MediaType.APPLICATION_JSON)
public class HealthModelApi {

    /** The answer to a change: the new version and its recalculation. */
    public record Saved(int version, String recalculation, HealthModelDocument model) {
    }

    /** The answer to an invalid model. */
    public record Invalid(int status, String error, List<String> problems) {
    }

    @Inject
    HealthModels models;

    @GET
    public HealthModelDocument current() {
        HealthModelStore.Versioned current = models.current();
        return HealthModelDocument.of(current.model(), current.version(), current.createdAt(), current.createdBy());
    }

    @GET
    @Path("/versions")
    public List<HealthModelDocument> versions() {
        return models.versions().stream()
                .map(v -> HealthModelDocument.of(v.model(), v.version(), v.createdAt(), v.createdBy())).toList();
    }

    /** Replaces the model; a section left out keeps its current value. 422 with reasons when invalid. */
    @PUT
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response change(HealthModelDocument document) {
        if (document == null) {
            return Response.status(422).entity(new Invalid(422, "invalid_model", List.of("A health model is required")))
                    .build();
        }
        HealthModels.Change change = models.change(document, null);
        if (!change.problems().isEmpty()) {
            return Response.status(422).entity(new Invalid(422, "invalid_model", change.problems())).build();
        }
        return Response.ok(new Saved(change.version(), "pending",
                HealthModelDocument.of(change.model(), change.version(), null, null))).build();
    }
}
