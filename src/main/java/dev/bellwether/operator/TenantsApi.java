package dev.bellwether.operator;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.InvalidFields;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantStatus;
import dev.bellwether.web.ApiError;

/**
 * {@code /api/v1/tenants} (the platform operator only, with a token that has no tenant): list, create, read
 * one, suspend or resume ({@code PATCH {status}}), delete. Bad input answers 422 {@code {errors:[{field,
 * message}]}} with nothing written; an unknown tenant 404; an id already taken 409.
 */
@Path("/api/v1/tenants")
@RolesAllowed(CurrentUser.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class TenantsApi {

    static final Set<String> CREATE_FIELDS = Set.of("id", "name", "adminEmail");

    @Inject
    PlatformTenants tenants;

    @Inject
    CurrentUser user;

    @Inject
    TenantAdmins admins;

    @GET
    public List<PlatformTenants.Listed> list() {
        return tenants.list();
    }

    /** One tenant, as {@link #list} shows it; 404 when there is none. Where a creation's 201 points. */
    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return tenants.find(id).map(t -> Response.ok(t).build()).orElseGet(TenantsApi::notFound);
    }

    /** {@code {id, name, adminEmail}}: 201 with the tenant; its organization made and its first admin invited. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        if (body == null || !body.isObject()) {
            return InvalidFields.response(
                    List.of(new FieldError("body", "The body must be an object {id, name, adminEmail}")));
        }
        List<FieldError> errors = new ArrayList<>(FieldError.unknown(body, CREATE_FIELDS));
        NewTenant tenant = new NewTenant(text(body, "id", errors), text(body, "name", errors),
                text(body, "adminEmail", errors)).stripped();
        errors.addAll(tenant.problems().stream().filter(p -> errors.stream()
                .noneMatch(e -> e.field().equals(p.field()))).toList());
        if (!errors.isEmpty()) {
            return InvalidFields.response(errors);
        }
        try {
            if (tenants.create(tenant, user.getUsername(), user.getName()) == PlatformTenants.Creation.ALREADY_EXISTS) {
                return error(409, "conflict", "A tenant with the id " + tenant.id() + " already exists");
            }
        } catch (PlatformFailure e) {
            return error(e.status(), e.error(), e.getMessage());
        } catch (InvalidTenant e) {
            return InvalidFields.response(e.errors());
        }
        return Response.created(URI.create("/api/v1/tenants/" + tenant.id()))
                .entity(tenants.find(tenant.id()).orElseThrow()).build();
    }

    /** {@code {status: "suspended" | "active"}}: 200 with the tenant. Its users' next request sees the change. */
    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String id, JsonNode body) {
        if (body == null || !body.isObject()) {
            return InvalidFields.response(List.of(new FieldError("body", "The body must be an object {status}")));
        }
        List<FieldError> errors = new ArrayList<>(FieldError.unknown(body, Set.of("status")));
        String status = text(body, "status", errors);
        if (status == null && errors.stream().noneMatch(e -> e.field().equals("status"))) {
            errors.add(new FieldError("status", "status is required: active or suspended"));
        } else if (status != null && !status.equals("active") && !status.equals("suspended")) {
            errors.add(new FieldError("status", "status must be active or suspended"));
        }
        if (!errors.isEmpty()) {
            return InvalidFields.response(errors);
        }
        try {
            return tenants.setStatus(id, TenantStatus.of(status), user.getUsername(), user.getName())
                    .map(t -> Response.ok(t).build()).orElseGet(TenantsApi::notFound);
        } catch (PlatformFailure e) {
            return error(e.status(), e.error(), e.getMessage());
        }
    }

    /**
     * {@code {email}}: gives the tenant an admin ({@link TenantAdmins}): 200 {@code {email, outcome}}, outcome
     * {@code invited}, {@code sent_again} or {@code made_admin}; 404 for no such tenant; 422 for a bad address;
     * 409 for someone already an enabled admin who signs in.
     */
    @POST
    @Path("/{id}/admins")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response giveAdmin(@PathParam("id") String id, JsonNode body) {
        if (body == null || !body.isObject()) {
            return InvalidFields.response(List.of(new FieldError("body", "The body must be an object {email}")));
        }
        List<FieldError> errors = new ArrayList<>(FieldError.unknown(body, Set.of("email")));
        String email = text(body, "email", errors);
        if (!errors.isEmpty()) {
            return InvalidFields.response(errors);
        }
        try {
            return admins.give(id, email, user.getUsername(), user.getName())
                    .map(given -> Response.ok(Map.of("email", given.email(), "outcome",
                            given.outcome().name().toLowerCase(Locale.ROOT))).build())
                    .orElseGet(TenantsApi::notFound);
        } catch (PlatformFailure e) {
            return error(e.status(), e.error(), e.getMessage());
        } catch (InvalidTenant e) {
            return InvalidFields.response(e.errors());
        }
    }

    /**
     * Deletes the tenant and everything of it: 200 with the rows removed per table; 404 when there is none; 502
     * when the identity provider fails (nothing deleted), 503 when the database does (repeat it).
     */
    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        try {
            return tenants.delete(id, user.getUsername(), user.getName())
                    .map(d -> Response.ok(d).build()).orElseGet(TenantsApi::notFound);
        } catch (PlatformFailure e) {
            return error(e.status(), e.error(), e.getMessage());
        }
    }

    private static String text(JsonNode body, String field, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, field + " must be a string"));
            return null;
        }
        return value.asText();
    }

    private static Response notFound() {
        return error(404, "not_found", "No such tenant");
    }

    private static Response error(int status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(status, error, message))
                .build();
    }
}
