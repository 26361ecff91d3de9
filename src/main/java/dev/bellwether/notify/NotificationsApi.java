package dev.bellwether.notify;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
import io.quarkus.security.Authenticated;

/** {@code /api/v1/me/notifications}: the signed-in user's own digest and immediate-email settings. */
@Path("/api/v1/me/notifications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class NotificationsApi {

    @Inject
    CurrentUser user;

    @Inject
    NotificationSettings settings;

    @GET
    public NotificationSettings.Settings get() {
        return settings.of(user.getUsername());
    }

    /** {@code {digest: off|daily|weekly, immediate:[rule…]}}: both required; 422 with nothing saved when wrong. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(JsonNode body) {
        InvalidFields invalid = new InvalidFields();
        if (body == null || !body.isObject()) {
            invalid.add("body", "must be an object {digest, immediate}");
            return invalid.response();
        }
        RequestBodies.onlyFields(body, Set.of("digest", "immediate"), invalid);
        Optional<DigestFrequency> digest = digest(body.get("digest"));
        if (digest.isEmpty()) {
            invalid.add("digest", "must be off, daily or weekly");
        }
        List<AlertRule> rules = RequestBodies.rules(body, "immediate", true, invalid);
        boolean wantsDigest = digest.orElse(DigestFrequency.OFF) != DigestFrequency.OFF;
        if ((wantsDigest || !rules.isEmpty()) && user.getRole().isEmpty()) {
            invalid.add(wantsDigest ? "digest" : "immediate", "needs a Bellwether role (admin, executive or csm) on"
                    + " your account, and yours has none: nothing is emailed to a member without one");
        } else if ((wantsDigest || !rules.isEmpty()) && user.getEmail() == null) {
            invalid.add(wantsDigest ? "digest" : "immediate",
                    "needs a verified email address on your account, and yours has none");
        }
        if (invalid.any()) {
            return invalid.response();
        }
        return Response.ok(settings.save(user.getTenantId(), UserDirectory.of(user), digest.get(), rules)).build();
    }

    private static Optional<DigestFrequency> digest(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return Optional.empty();
        }
        return Arrays.stream(DigestFrequency.values()).filter(f -> f.word().equals(node.asText())).findFirst();
    }
}
