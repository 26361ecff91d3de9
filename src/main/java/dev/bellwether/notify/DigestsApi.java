package dev.bellwether.notify;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.InvalidFields;
import dev.bellwether.tenant.CurrentUser;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** {@code POST /api/v1/admin/digests/run}: queues the tenant's due digests now, as the morning scheduler would. */
@Path("/api/v1/admin/digests/run")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class DigestsApi {

    @Inject
    Digests digests;

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    @Inject
    OutboxWorker worker;

    @Inject
    ObjectMapper json;

    /**
     * 202 {@code {queued: n}}: n digests are in the outbox; the worker sends them in the next seconds.
     * It takes no body: none (whatever the Content-Type says, as clients that default to JSON send it) or
     * {@code {}}; anything else is 422, so a malformed request is never taken for a valid one.
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response run(String body) {
        boolean sendsBody = body != null && !body.isBlank();
        if (sendsBody && !emptyObject(body)) {
            InvalidFields invalid = new InvalidFields();
            invalid.add("body", "must be empty or {}: this call takes no parameters");
            return invalid.response();
        }
        int queued = QuarkusTransaction.requiringNew().call(() -> {
            int n = digests.queueDue(user.getTenantId());
            audit.append(new AuditLog.Entry(user.getUsername(), user.getName(), AuditKind.DIGEST, "run",
                    "Digests run by hand: " + n + (n == 1 ? " digest" : " digests") + " queued", List.of()));
            return n;
        });
        worker.wake();
        return Response.accepted(Map.of("queued", queued)).build();
    }

    private boolean emptyObject(String body) {
        try {
            JsonNode node = body == null ? null : json.readTree(body);
            return node != null && node.isObject() && node.isEmpty();
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
