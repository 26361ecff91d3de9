package dev.bellwether.notify;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
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

    /** 202 {@code {queued: n}}: n digests are in the outbox; the worker sends them in the next seconds. */
    @POST
    public Response run() {
        int queued = QuarkusTransaction.requiringNew().call(() -> {
            int n = digests.queueDue(user.getTenantId());
            audit.append(new AuditLog.Entry(user.getUsername(), user.getName(), AuditKind.DIGEST, "run",
                    "Digests run by hand: " + n + (n == 1 ? " digest" : " digests") + " queued", List.of()));
            return n;
        });
        worker.wake();
        return Response.accepted(Map.of("queued", queued)).build();
    }
}
