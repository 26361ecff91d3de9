package dev.bellwether.tenant;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.Authenticated;

/** {@code GET /api/v1/me}: who the bearer of this token is, per docs/api.md. */
@Path("/api/v1/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    public record Me(String user, String name, String email, String tenant, List<String> roles) {
    }

    @Inject
    CurrentUser user;

    @GET
    public Me me() {
        // Bellwether's roles only: a user the team page invited also holds Keycloak's defaults (offline_access…)
        return new Me(user.getUsername(), user.getName(), user.getEmail(), user.getTenantId(),
                user.getRoles().stream().filter(r -> CurrentUser.ROLES.contains(r) || r.equals(CurrentUser.OPERATOR))
                        .sorted().toList());
    }
}
