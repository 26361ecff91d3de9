package dev.bellwether.settings;

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

import dev.bellwether.platform.InvalidFields;
import dev.bellwether.tenant.CurrentUser;

/**
 * {@code /api/v1/settings}: the organisation's currency and the segments that expect QBRs. Every role
 * reads them; admins replace them ({@code PUT}, both fields), 422 {@code {errors:[{field, message}]}}
 * with nothing saved when wrong.
 */
@Path("/api/v1/settings")
@RolesAllowed({ CurrentUser.ADMIN, CurrentUser.EXECUTIVE, CurrentUser.CSM })
@Produces(MediaType.APPLICATION_JSON)
public class SettingsApi {

    @Inject
    OrganisationSettings settings;

    @Inject
    CurrentUser user;

    @GET
    public OrganisationSettings.Settings get() {
        return settings.current();
    }

    @PUT
    @RolesAllowed(CurrentUser.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(JsonNode body) {
        OrganisationSettings.Parsed parsed = OrganisationSettings.parse(body);
        if (parsed.settings() == null) {
            return InvalidFields.response(parsed.problems());
        }
        return Response.ok(settings.save(user.getUsername(), user.getName(), parsed.settings(), true).settings())
                .build();
    }
}
