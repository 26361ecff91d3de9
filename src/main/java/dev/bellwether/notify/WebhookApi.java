package dev.bellwether.notify;

import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bellwether.alerts.AlertRule;
import dev.bellwether.platform.InvalidFields;
import dev.bellwether.tenant.CurrentUser;

/**
 * {@code /api/v1/admin/webhook}: the tenant's webhook (admins). New alerts of the chosen rules are
 * POSTed to it as Slack-compatible JSON through the outbox. The URL must pass {@link WebhookGuard}.
 */
@Path("/api/v1/admin/webhook")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookApi {

    @Inject
    Webhooks webhooks;

    @Inject
    WebhookGuard guard;

    @Inject
    CurrentUser user;

    @GET
    public Webhooks.Settings get() {
        return webhooks.current();
    }

    /** {@code {url, events:[rule…], enabled}}, all three required; 422 with nothing saved when wrong. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(JsonNode body) {
        InvalidFields invalid = new InvalidFields();
        if (body == null || !body.isObject()) {
            invalid.add("body", "must be an object {url, events, enabled}");
            return invalid.response();
        }
        RequestBodies.onlyFields(body, Set.of("url", "events", "enabled"), invalid);
        JsonNode enabled = body.get("enabled");
        boolean switchedOff = enabled != null && enabled.isBoolean() && !enabled.booleanValue();
        JsonNode url = body.get("url");
        if (url == null || !url.isTextual()) {
            invalid.add("url", "is required: the https URL to POST new alerts to");
        } else {
            guard.problem(url.asText(), !switchedOff).ifPresent(problem -> invalid.add("url", problem));
        }
        List<AlertRule> events = RequestBodies.rules(body, "events", true, invalid);
        if (enabled == null || !enabled.isBoolean()) {
            invalid.add("enabled", "is required: true or false");
        }
        if (invalid.any()) {
            return invalid.response();
        }
        return Response.ok(webhooks.save(user.getUsername(), user.getName(), url.asText(), events,
                enabled.booleanValue())).build();
    }
}
