package dev.bellwether.team;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bellwether.platform.FieldError;
import dev.bellwether.tenant.CurrentUser;

/**
 * {@code /api/v1/team} (admins): the tenant's members; inviting someone with a role, sending the
 * invitation again or withdrawing it; changing a member's role or switching their sign-in off and
 * on (docs/api.md, "Team").
 */
@Path("/api/v1/team")
@RolesAllowed(CurrentUser.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class TeamApi {

    /** A member as the API lists them; {@code invited}: they have not used their invitation yet. */
    public record Listed(String user, String name, String email, List<String> roles, boolean enabled,
            boolean invited) {

        static Listed of(Member member) {
            return new Listed(member.user(), member.name(), member.email(), member.roles(), member.enabled(),
                    member.invited());
        }
    }

    /** The answer to an invitation. */
    public record Invited(String user, String email, String role) {
    }

    private static final Set<String> INVITATION_FIELDS = Set.of("email", "role");

    private static final Set<String> CHANGE_FIELDS = Set.of("role", "enabled");

    private static final Set<String> SSO_FIELDS = Set.of("issuer", "clientId", "clientSecret", "domain");

    @Inject
    Team team;

    @Inject
    Invitations invitations;

    @Inject
    CurrentUser user;

    @GET
    public List<Listed> list() {
        return team.members(user.getTenantId()).stream().map(Listed::of).toList();
    }

    /**
     * {@code {email, role}}: 201 once the invitation is sent, also when it is sent again to someone invited
     * who has not used it; 422 for bad input, 409 for a member who signs in; nothing written either way.
     */
    @POST
    @Path("/invitations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response invite(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw TeamRefusal.invalid(List.of(new FieldError("email", "The body must be {email, role}")));
        }
        String email = text(body, "email");
        String role = text(body, "role");
        // every problem at once: the fields the body should not have, and those of what it has
        List<FieldError> errors = new ArrayList<>(FieldError.unknown(body, INVITATION_FIELDS));
        errors.addAll(Invitations.problems(email, role));
        if (!errors.isEmpty()) {
            throw TeamRefusal.invalid(errors);
        }
        Invitations.Invited invited = invitations.invite(user.getTenantId(), actor(), email, role);
        Invited answer = new Invited(invited.email(), invited.email(), role);
        // sent again or for the first time, it is a new invitation (a new link): 201 either way, as the contract has
        // a sign-in address holds only characters a path may hold as they are (SignInAddress)
        return Response.created(URI.create("/api/v1/team/" + invited.email())).entity(answer).build();
    }

    /** One member or invited person, where an invitation's {@code Location} points: 404 when not in this tenant. */
    @GET
    @Path("/{user}")
    public Listed one(@PathParam("user") String member) {
        return team.member(user.getTenantId(), member).map(Listed::of).orElseThrow(TeamRefusal::notFound);
    }

    /** 204 once the invitation is withdrawn; 404 nobody of this tenant has it; 409 it was used. */
    @DELETE
    @Path("/invitations/{email}")
    public Response withdraw(@PathParam("email") String email) {
        invitations.withdraw(user.getTenantId(), actor(), email);
        return Response.noContent().build();
    }

    /** {@code {role?, enabled?}}: 200 with the member as now; 404 not in this tenant; 409 last admin. */
    @PATCH
    @Path("/{user}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Listed change(@PathParam("user") String member, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw TeamRefusal.invalid(
                    List.of(new FieldError("role", "The body must be {role?, enabled?}")));
        }
        List<FieldError> errors = new ArrayList<>(FieldError.unknown(body, CHANGE_FIELDS));
        JsonNode enabled = body.get("enabled");
        boolean bad = enabled != null && !enabled.isNull() && !enabled.isBoolean();
        if (bad) {
            errors.add(new FieldError("enabled", "enabled is true or false"));
        }
        Boolean wanted = enabled == null || enabled.isNull() || bad ? null : enabled.booleanValue();
        Team.Change change = new Team.Change(text(body, "role"), wanted);
        // every problem at once: an enabled of the wrong kind counts as sent (its own problem is named above)
        errors.addAll(Team.problems(bad ? new Team.Change(change.role(), Boolean.TRUE) : change));
        if (!errors.isEmpty()) {
            throw TeamRefusal.invalid(errors);
        }
        return Listed.of(team.change(user.getTenantId(), actor(), member, change).member());
    }

    /** The tenant's own sign-in provider: 200 {@code {issuer, clientId, domain}} or 404 when none. */
    @GET
    @Path("/sso")
    public Response sso() {
        return team.sso(user.getTenantId()).map(c -> Response.ok(Sso.of(c)).build())
                .orElseThrow(() -> new jakarta.ws.rs.NotFoundException("No sign-in provider is connected"));
    }

    /** {@code {issuer, clientId, clientSecret, domain}}: connects or replaces it; 200 without the secret. */
    @PUT
    @Path("/sso")
    @Consumes(MediaType.APPLICATION_JSON)
    public Sso connectSso(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw TeamRefusal.invalid(List.of(new FieldError("issuer",
                    "The body must be {issuer, clientId, clientSecret, domain}")));
        }
        return Sso.of(team.connectSso(user.getTenantId(), actor(), new Team.SsoRequest(text(body, "issuer"),
                text(body, "clientId"), text(body, "clientSecret"), text(body, "domain"),
                FieldError.unknown(body, SSO_FIELDS))));
    }

    /** {@code {name, type, value}}: the DNS record that proves the tenant controls {@code domain}. */
    @GET
    @Path("/sso/domain-proof")
    public DomainProof.Record domainProof(@QueryParam("domain") String domain) {
        return team.domainProof(user.getTenantId(), domain);
    }

    /** The tenant's sign-in provider as the API shows it: never the secret. */
    public record Sso(String issuer, String clientId, String domain) {

        static Sso of(SsoConnection connection) {
            return new Sso(connection.issuer(), connection.clientId(), connection.domain());
        }
    }

    private Team.Actor actor() {
        return new Team.Actor(user.getUsername(), user.getName());
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isTextual() ? value.asText() : value == null || value.isNull() ? null
                : value.toString();
    }
}
