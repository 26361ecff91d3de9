package dev.bellwether.health;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code /api/v1/health-model}: the tenant's health model (everyone reads it; admins change it).
 * Every change is a new version and triggers a recalculation; saving the model in use changes nothing.
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

    /** The answer to a change made on a version that is no longer in use ({@code If-Match}). */
    public record Stale(int status, String error, int version, String message) {
    }

    /** An entity tag as the GET gives it, strong or weak: {@code "3"}, {@code W/"3"}, or bare {@code 3}. */
    private static final Pattern ETAG = Pattern.compile("(?:W/)?\"?(\\d{1,9})\"?");

    @Inject
    HealthModels models;

    /** The model in use; its {@code ETag} is its version, for a change's {@code If-Match}. */
    @GET
    public Response current() {
        HealthModelStore.Versioned current = models.current();
        return Response.ok(HealthModelDocument.of(current.model(), current.version(), current.createdAt(),
                current.createdBy())).tag(new EntityTag(Integer.toString(current.version()))).build();
    }

    @GET
    @Path("/versions")
    public List<HealthModelDocument> versions() {
        return models.versions().stream()
                .map(v -> HealthModelDocument.of(v.model(), v.version(), v.createdAt(), v.createdBy())).toList();
    }

    /**
     * Replaces the model; a section left out keeps its current value. 422 with reasons when invalid,
     * a field the model does not have included (a typo must not be silently dropped). A model equal
     * to the one in use makes no version and no recalculation: 200 with the current version and
     * {@code recalculation: "none"}.
     */
    @PUT
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response change(JsonNode body, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        HealthModels.Base base = null;
        if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.strip().equals("*")) {
            Matcher tag = ETAG.matcher(ifMatch.strip());
            if (!tag.matches()) {
                return Response.status(400).entity(new Invalid(400, "bad_if_match", List.of(
                        "If-Match: the model's ETag, such as \"3\" (its version), not " + ifMatch))).build();
            }
            base = new HealthModels.Base(Integer.parseInt(tag.group(1)), true);
        }
        if (body == null || body.isNull() || body.isMissingNode()) {
            return invalid(List.of("A health model is required"));
        }
        HealthModelReader.Read read = HealthModelReader.read(body);
        if (read.document() == null) {
            return invalid(read.problems());
        }
        HealthModelDocument document = read.document();
        // the GET's body sent back with its version: that version is the base, as If-Match's would be (ignored, a
        // change read on version 3 was silently built on whatever another admin had saved since)
        boolean bodyVersion = document.version() != null;
        if (bodyVersion) {
            if (base != null && base.version() != document.version()) {
                return invalid(List.of("version: the body names version " + document.version() + " and If-Match"
                        + " version " + base.version() + ": send one of them, or the same"));
            }
            base = new HealthModels.Base(document.version(), true);
        }
        // a model copied from elsewhere (an export, another organisation) carries a version of its own: said how
        String leaveOut = bodyVersion ? " (the body's version names the one you changed; leave version out to save"
                + " on the one in use)" : "";
        HealthModels.Change change = models.change(document, null, base);
        if (change.stale()) {
            return Response.status(412).tag(new EntityTag(Integer.toString(change.version())))
                    .entity(new Stale(412, "model_changed", change.version(), "The model in use is version "
                            + change.version() + ", not the one you changed: read it again and make your change"
                            + " on it" + leaveOut)).build();
        }
        if (!change.problems().isEmpty()) {
            return invalid(change.problems().stream().map(problem -> bodyVersion && problem.startsWith("base: ")
                    ? "version: " + problem.substring("base: ".length()) + leaveOut : problem).toList());
        }
        return Response.ok(new Saved(change.version(), change.saved() ? "pending" : "none",
                HealthModelDocument.of(change.model(), change.version(), null, null))).build();
    }

    private static Response invalid(List<String> problems) {
        return Response.status(422).entity(new Invalid(422, "invalid_model", problems)).build();
    }
}
