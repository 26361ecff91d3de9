package dev.bellwether.feeds;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.InvalidFields;
import dev.bellwether.tenant.TenantRegistry;
import dev.bellwether.web.ApiError;

/**
 * {@code POST /api/v1/events}: Segment-spec events ({@link EventBody}: one, a batch or an array), sent with an ingest
 * key's secret as the HTTP Basic user name. The path is open to the HTTP layer (no OIDC token); this
 * resource is its only door and takes nothing but a live key. Valid events are staged and committed
 * before the answer, {@code 200 {accepted, rejected:[{index, reason}]}}; the figures follow once the
 * coalescing job has applied them (docs/feeds.md).
 */
@Path("/api/v1/events")
public class EventsApi {

    @Inject
    TenantRegistry tenants;

    @Inject
    FeedStaging staging;

    @Inject
    Clock clock;

    /** What the sender is told. */
    public record Outcome(int accepted, List<Rejection> rejected) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding, InputStream body) {
        Optional<FeedStaging.Sender> sender = staging.sender(basicUser(authorization));
        if (sender.isEmpty()) {
            return unauthorized();
        }
        try {
            return receive(sender.get(), encoding, body);
        } catch (FeedStaging.KeyGone e) {
            return unauthorized(); // revoked, or deleted with its tenant, while the request was on its way
        } catch (FeedStaging.Busy e) {
            // nothing was staged: a sender retries a 503, as it retries a timeout
            return Response.status(503).header(HttpHeaders.RETRY_AFTER, "5").type(MediaType.APPLICATION_JSON)
                    .entity(new ApiError(503, "busy", e.getMessage())).build();
        }
    }

    /** The challenge of a 401 here: an ingest key, as HTTP Basic. */
    static final String CHALLENGE = "Basic realm=\"bellwether-events\"";
    /** What a 401 here says. */
    static final String UNAUTHORIZED =
            "Send a live ingest key's secret as the HTTP Basic user name, with an empty password";

    private static Response unauthorized() {
        return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(401, "unauthorized", UNAUTHORIZED)).build();
    }

    private Response receive(FeedStaging.Sender sender, String encoding, InputStream body) {
        // a suspended tenant's feed is refused (403) like its users' tokens
        tenants.admit(sender.tenant());
        List<JsonNode> events;
        try {
            events = EventBody.events(encoding, body);
        } catch (EventBody.Refused e) {
            staging.touch(sender);
            if (e.field != null) {
                return InvalidFields.response(List.of(new FieldError(e.field, e.getMessage())));
            }
            return Response.status(e.status).type(MediaType.APPLICATION_JSON)
                    .entity(new ApiError(e.status, e.error, e.getMessage())).build();
        }
        EventReader.Read read = new EventReader(clock.instant()).read(events);
        List<Rejection> rejected = new ArrayList<>(read.rejected());
        rejected.addAll(staging.stage(sender, read.events(), read.rejectedGroups()));
        rejected.sort(Comparator.comparingInt(Rejection::index));
        return Response.ok(new Outcome(events.size() - rejected.size(), rejected)).build();
    }

    /** The user name of an HTTP Basic header, or null when there is none. */
    static String basicUser(String authorization) {
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
