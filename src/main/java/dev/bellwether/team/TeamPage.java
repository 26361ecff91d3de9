package dev.bellwether.team;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.Text;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.workspace.TaskHandover;
import dev.bellwether.workspace.Tasks;
import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /admin/team}: the tenant's members with their role and status; invite someone by email
 * with a role, send an invitation again or withdraw it; change a member's role; disable or enable a
 * member. Each action posts a form and comes back here with what it did, or with what was wrong
 * (422, 409) and nothing changed.
 */
@Path("/admin/team")
@RolesAllowed(CurrentUser.ADMIN)
@Produces(MediaType.TEXT_HTML)
public class TeamPage {

    private static final Map<String, String> DONE = Map.of(
            "invited", "Invitation sent: they get an email with a link to set their password.",
            "resent", "Invitation sent again, with a new link.",
            "withdrawn", "Invitation withdrawn: its link no longer works.",
            "role", "Role changed: it applies from the member's next sign-in (at most five minutes for open sessions).",
            "disabled", "Member disabled: they cannot sign in again; a page they have open stops within five minutes.",
            "enabled", "Member enabled: they can sign in again (an invitee's link works again until it runs out).",
            "sso", "Sign-in provider connected: people at its domain without a Bellwether password now sign in there.",
            "handed", "Open tasks handed over: the new assignee finds them under My tasks; each move is audited.",
            "nothing-handed", "Nothing was handed over: they have no open task now.",
            "unchanged", "Nothing changed: the member already had that role or state.");

    /**
     * What the page shows; {@code error} is the problem with the last action, {@code typedEmail} what was typed;
     * {@code faultyRow} the member whose row's field {@code faultyField} ("role", or "to" of the hand-over) the
     * error is about, which is tied to it.
     */
    public record View(List<Member> members, List<String> roles, String flash, String error, String emailError,
            String roleError, String typedEmail, String typedRole, String self, SsoConnection sso, SsoForm ssoForm,
            String linkLife, Map<String, Tasks.OpenCounts> openTasks, String redirectUri, String faultyRow,
            String faultyField) {

        private static final Tasks.OpenCounts NONE = new Tasks.OpenCounts(0, 0);

        /**
         * Whether a refusal names a field, which then takes the focus; else the message at the top takes it (a row's
         * Change refused for the last admin, an invitation for someone already in the team): a message already in
         * the page as it loads is not read out by itself.
         */
        public boolean fieldAtFault() {
            return emailError != null || roleError != null || ssoForm.firstError() != null || faultyField != null;
        }

        /** Whether the error is about {@code field} of {@code member}'s row. */
        public boolean faulty(Member member, String field) {
            return field.equals(faultyField) && member.user().equals(faultyRow);
        }

        /** Whether the row's role can be changed here: not your own admin role (another admin does that). */
        public boolean changesRole(Member member) {
            return !(member.user().equals(self) && member.role().equals(CurrentUser.ADMIN));
        }

        /** Whether the row offers to hand over its open tasks: it has some, and someone can take them. */
        public boolean handsOver(Member member) {
            return openTasks(member).open() > 0 && !takers(member).isEmpty();
        }

        /** The member's open tasks, and how many are overdue. */
        public Tasks.OpenCounts openTasks(Member member) {
            return member.email() == null ? NONE
                    : openTasks.getOrDefault(member.email().toLowerCase(Locale.ROOT), NONE);
        }

        /** Who can take the member's open tasks: the other enabled CSMs and admins who have signed in. */
        public List<Member> takers(Member member) {
            return members.stream().filter(m -> !m.equals(member) && m.takesTasks()).toList();
        }

        /** The SSO form's fields with what was typed (the secret is never shown back). */
        public List<SsoField> ssoFields() {
            return List.of(
                    new SsoField("issuer", "Issuer", ssoForm.issuer(), "https://login.example.com/realms/acme"),
                    new SsoField("clientId", "Client id", ssoForm.clientId(), "bellwether"),
                    new SsoField("clientSecret", "Client secret", "", ""),
                    new SsoField("domain", "Email domain", ssoForm.domain(), "example.com"));
        }

        View withSso(SsoForm form) {
            return new View(members, roles, flash, error, emailError, roleError, typedEmail, typedRole, self, sso,
                    form, linkLife, openTasks, redirectUri, faultyRow, faultyField);
        }

        /** The page with the error tied to {@code field} of {@code member}'s row, when the row shows that field. */
        View atRow(String member, String field) {
            Member m = members.stream().filter(x -> x.user().equals(member)).findFirst().orElse(null);
            if (m == null || !(field.equals("role") ? changesRole(m) : handsOver(m))) {
                return this; // the message at the top takes the focus
            }
            return new View(members, roles, flash, error, emailError, roleError, typedEmail, typedRole, self, sso,
                    ssoForm, linkLife, openTasks, redirectUri, member, field);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view);
    }

    /** The realm's discovery document, as the sign-in read it: its issuer is the address browsers use. */
    @Inject
    OidcConfigurationMetadata realm;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String authServerUrl;

    @Inject
    Team team;

    @Inject
    Invitations invitations;

    @Inject
    CurrentUser user;

    @Inject
    KeycloakAdminConfig keycloak;

    @Inject
    TaskHandover handover;

    @GET
    public TemplateInstance page(@QueryParam("done") String done) {
        return Templates.page(view(done == null ? null : DONE.get(done), null, null, null, "", "csm"));
    }

    @POST
    @Path("/invitations")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response invite(@FormParam("email") String email, @FormParam("role") String role) {
        try {
            Invitations.Invited invited = invitations.invite(user.getTenantId(), actor(), email, role);
            String done = invited.outcome() == Invitations.Outcome.SENT_AGAIN ? "resent" : "invited";
            return Response.seeOther(URI.create("/admin/team?done=" + done)).build();
        } catch (TeamRefusal refusal) {
            notOnThisPage(refusal);
            String emailError = message(refusal, "email");
            String roleError = message(refusal, "role");
            String error = refusal.status() == 422 ? "Nobody was invited: the form needs a fix." : refusal.getMessage();
            return Response.status(refusal.status()).entity(Templates.page(view(null, error, emailError, roleError,
                    email == null ? "" : email, role == null ? "csm" : role))).build();
        }
    }

    /** Withdraws the invitation of someone who has not used it. */
    @POST
    @Path("/invitations/{email}/withdraw")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response withdraw(@PathParam("email") String email) {
        try {
            invitations.withdraw(user.getTenantId(), actor(), email);
            return Response.seeOther(URI.create("/admin/team?done=withdrawn")).build();
        } catch (TeamRefusal refusal) {
            return refused(refusal);
        }
    }

    @POST
    @Path("/{user}/role")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response role(@PathParam("user") String member, @FormParam("role") String role) {
        if (role == null || role.isBlank()) {
            // a member without a Bellwether role shows "no role", which cannot be sent: the page's words, not the API's
            return refused(TeamRefusal.invalid(List.of(new FieldError("role",
                    "choose a role (admin, executive or csm) in the row of " + member + ", then press Change."))),
                    member);
        }
        return change(member, new Team.Change(role, null), "role");
    }

    @POST
    @Path("/{user}/enabled")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enabled(@PathParam("user") String member, @FormParam("enabled") String enabled) {
        if (!"true".equals(enabled) && !"false".equals(enabled)) {
            // a form that lost its hidden field must not switch someone off
            return refused(TeamRefusal.invalid(List.of(new FieldError("enabled", "enabled is true or false"))));
        }
        boolean wanted = Boolean.parseBoolean(enabled);
        return change(member, new Team.Change(null, wanted), wanted ? "enabled" : "disabled");
    }

    /** Hands every open task of the member to {@code to} (an enabled CSM or admin's address). */
    @POST
    @Path("/{user}/tasks")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response handOver(@PathParam("user") String member, @FormParam("to") String to) {
        try {
            int moved = team.handOver(user.getTenantId(), actor(), member, to);
            return Response.seeOther(URI.create("/admin/team?done=" + (moved == 0 ? "nothing-handed" : "handed")))
                    .build();
        } catch (TeamRefusal refusal) {
            return refused(refusal, member);
        }
    }

    /** Connects the company's own OpenID Connect provider for its email domain. */
    @POST
    @Path("/sso")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response connectSso(@FormParam("issuer") String issuer, @FormParam("clientId") String clientId,
            @FormParam("clientSecret") String clientSecret, @FormParam("domain") String domain) {
        try {
            team.connectSso(user.getTenantId(), actor(), new Team.SsoRequest(issuer, clientId, clientSecret, domain));
            return Response.seeOther(URI.create("/admin/team?done=sso")).build();
        } catch (TeamRefusal refusal) {
            notOnThisPage(refusal);
            String why = refusal.status() == 422 ? "the form under Your company's sign-in needs a fix."
                    : refusal.getMessage();
            View view = view(null, "Nothing was connected: " + why, null, null, "", "csm");
            SsoForm typed = new SsoForm(issuer, clientId, domain, refusal.errors(), true);
            return Response.status(refusal.status()).entity(Templates.page(view.withSso(typed))).build();
        }
    }

    /** One field of the SSO form. */
    public record SsoField(String name, String label, String value, String placeholder) {
    }

    /**
     * The SSO form as typed (never the secret) with what was wrong, field by field; {@code refused} when it answers
     * a refused connection (its secret is then to be entered again, whatever the reason).
     */
    public record SsoForm(String issuer, String clientId, String domain, List<FieldError> errors, boolean refused) {

        public String error(String field) {
            return errors.stream().filter(e -> e.field().equals(field)).map(FieldError::message)
                    .findFirst().orElse(null);
        }

        /** The first field at fault, which the page focuses (the form is at its foot, far from the summary). */
        public String firstError() {
            return errors.isEmpty() ? null : errors.get(0).field();
        }
    }

    private Response change(String member, Team.Change change, String done) {
        try {
            boolean any = team.change(user.getTenantId(), actor(), member, change).any();
            return Response.seeOther(URI.create("/admin/team?done=" + (any ? done : "unchanged"))).build();
        } catch (TeamRefusal refusal) {
            return refused(refusal, member);
        }
    }

    /**
     * The page again with what was refused and nothing changed; for 404 (not this tenant's, or gone since the page
     * was loaded) the list as it is now.
     */
    private Response refused(TeamRefusal refusal) {
        return refused(refusal, null);
    }

    /** {@link #refused(TeamRefusal)} about a field of {@code member}'s row (its role, its hand-over's taker). */
    private Response refused(TeamRefusal refusal, String member) {
        notOnThisPage(refusal);
        String message = refusal.status() == 404 ? "nobody by that name or address is in your organisation now"
                + " (withdrawn or removed since this page was loaded?): the list below is as it is now."
                : refusal.getMessage();
        View view = view(null, "Nothing changed: " + message, null, null, "", "csm");
        String field = refusal.errors().stream().map(FieldError::field).filter(f -> f.equals("role") || f.equals("to"))
                .findFirst().orElse(null);
        if (member != null && field != null) {
            view = view.atRow(member, field);
        }
        return Response.status(refusal.status()).entity(Templates.page(view)).build();
    }

    private View view(String flash, String error, String emailError, String roleError, String typedEmail,
            String typedRole) {
        SsoConnection sso = team.sso(user.getTenantId()).orElse(null);
        SsoForm form = sso == null ? new SsoForm("", "", "", List.of(), false)
                : new SsoForm(sso.issuer(), sso.clientId(), sso.domain(), List.of(), false);
        return new View(team.members(user.getTenantId()), Roles.ALL, flash, error, emailError, roleError, typedEmail,
                typedRole, user.getUsername(), sso, form, life(keycloak.inviteLifespan()), handover.openByAssignee(),
                redirectUri(), null, null);
    }

    /**
     * The redirect URI the company's provider must hold: under the realm's issuer as browsers see it (its own
     * discovery document's, which follows Keycloak's public hostname; the app may reach Keycloak by another
     * address), else under the address the app signs in with.
     */
    private String redirectUri() {
        String issuer = null;
        try {
            issuer = realm.getIssuer();
        } catch (RuntimeException e) {
            // no discovery document at hand (the realm not reached yet): the configured address
        }
        String base = issuer == null || issuer.isBlank() ? authServerUrl : issuer;
        return Text.withoutTrailing(base, '/') + "/broker/" + KeycloakSso.alias(user.getTenantId()) + "/endpoint";
    }

    /** How long an invitation's link works, as the page says it: "3 days", "12 hours", "90 minutes". */
    static String life(java.time.Duration lifespan) {
        long minutes = lifespan.toMinutes();
        if (minutes >= 24 * 60 && minutes % (24 * 60) == 0) {
            return plural(minutes / (24 * 60), "day");
        }
        return minutes >= 60 && minutes % 60 == 0 ? plural(minutes / 60, "hour") : plural(minutes, "minute");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }

    private Team.Actor actor() {
        return new Team.Actor(user.getUsername(), user.getName());
    }

    /** A caller no longer an admin (403) gets the error page: the team is not theirs to see any more. */
    private static void notOnThisPage(TeamRefusal refusal) {
        if (refusal.status() == 403) {
            throw refusal;
        }
    }

    private static String message(TeamRefusal refusal, String field) {
        return refusal.errors().stream().filter(e -> e.field().equals(field)).map(FieldError::message)
                .findFirst().orElse(null);
    }
}
