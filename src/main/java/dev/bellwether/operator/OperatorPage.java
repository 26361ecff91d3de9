package dev.bellwether.operator;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
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
import jakarta.ws.rs.core.UriBuilder;

import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.Text;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantStatus;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /operator}: the platform operator's page. Tenants with their accounts, users, last import and
 * data size; a form that creates a tenant and invites its first admin; suspend and resume; delete, once
 * the tenant's id is typed to confirm. The latest operator actions below.
 */
@Path("/operator")
@RolesAllowed(CurrentUser.OPERATOR)
@Produces(MediaType.TEXT_HTML)
public class OperatorPage {

    static final int RECENT_ACTIONS = 20;

    static final int LOG_PAGE = 100;

    /**
     * What the page shows: {@code flash} what the last action did, or why it was refused or failed when
     * {@code refused}; {@code form} and {@code errors} a creation that needs a fix; {@code deleting} and
     * {@code deleteError} a deletion whose confirmation did not match; {@code admin} an admin refused for a
     * tenant (its form open again, with what was typed and why).
     */
    public record View(List<PlatformTenants.Listed> tenants, List<PlatformAudit.Event> actions, String flash,
            boolean refused, NewTenant form, Map<String, String> errors, String deleting, String deleteError,
            Set<String> unfinished, Set<String> underWay, AdminForm admin) {

        public String error(String field) {
            return errors.get(field);
        }

        /**
         * Whether a refusal names a field, which then takes the focus; else the message at the top takes it (a
         * creation refused for a name the identity provider has, an admin who is one already).
         */
        public boolean fieldAtFault() {
            return !errors.isEmpty() || deleteError != null || admin != null && admin.error() != null;
        }

        /** What was typed in tenant {@code id}'s admin form when it was refused; empty for another tenant's. */
        public String adminTyped(String id) {
            return admin != null && admin.tenant().equals(id) ? admin.email() : "";
        }

        /** Why tenant {@code id}'s admin form was refused, or null. */
        public String adminError(String id) {
            return admin != null && admin.tenant().equals(id) ? admin.error() : null;
        }
    }

    /** A tenant's admin form as sent, and why it was refused. */
    public record AdminForm(String tenant, String email, String error) {
    }

    /**
     * One page of the platform log: {@code tenant} the one it is narrowed to (null for all), {@code older}
     * the action the next page reads before (null when this page holds the oldest).
     */
    public record Log(List<PlatformAudit.Event> actions, String tenant, Long older, boolean first) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view);

        static native TemplateInstance actions(Log log);
    }

    @Inject
    PlatformTenants tenants;

    @Inject
    PlatformAudit audit;

    @Inject
    CurrentUser user;

    @Inject
    TenantAdmins admins;

    @GET
    public TemplateInstance page(@QueryParam("done") String done, @QueryParam("tenant") String tenant) {
        List<PlatformTenants.Listed> listed = tenants.list();
        return Templates.page(new View(listed, audit.recent(null, RECENT_ACTIONS), flash(done, tenant, listed), false,
                new NewTenant("", "", ""), Map.of(), null, null, audit.unfinishedDeletions(), underWay(), null));
    }

    /**
     * {@code /operator/actions}: the whole platform log, {@value #LOG_PAGE} actions a page, newest first;
     * {@code tenant} narrows it to one tenant's id (a deleted one's too), {@code before} reads the page
     * older than that action.
     */
    @GET
    @Path("/actions")
    public TemplateInstance actions(@QueryParam("tenant") String tenant, @QueryParam("before") String before) {
        String narrowed = tenant == null || tenant.isBlank() ? null : tenant.strip();
        Long after = before == null || before.isBlank() ? null : actionNumber(before.strip());
        List<PlatformAudit.Event> read = audit.older(narrowed, after, LOG_PAGE + 1);
        List<PlatformAudit.Event> shown = read.subList(0, Math.min(LOG_PAGE, read.size()));
        return Templates.actions(new Log(shown, narrowed, read.size() > LOG_PAGE ? shown.get(LOG_PAGE - 1).id()
                : null, after == null));
    }

    private static Long actionNumber(String value) {
        try {
            long number = Long.parseLong(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadRequestException("before must be an action's number, a whole number above 0, as the "
                + "Older actions link gives it; it was '" + Text.printable(value, 40) + "'");
    }

    @POST
    @Path("/tenants")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("id") String id, @FormParam("name") String name,
            @FormParam("adminEmail") String adminEmail) {
        NewTenant tenant = new NewTenant(id == null ? null : id.strip(), name, adminEmail).stripped();
        List<FieldError> problems = tenant.problems();
        if (!problems.isEmpty()) {
            return unprocessable("Nothing was created: the form needs a fix.", tenant, problems);
        }
        try {
            if (tenants.create(tenant, user.getUsername(), user.getName()) == PlatformTenants.Creation.ALREADY_EXISTS) {
                return Response.status(409).entity(Templates.page(view("Nothing was created: the id is taken.", tenant,
                        Map.of("id", "A tenant with the id " + tenant.id() + " already exists"), null, null))).build();
            }
        } catch (PlatformFailure e) {
            return Response.status(e.status()).entity(Templates.page(view(e.getMessage(), tenant, Map.of(), null,
                    null))).build();
        } catch (InvalidTenant e) {
            return unprocessable("Nothing was created: the form needs a fix.", tenant, e.errors());
        }
        return done("created", tenant.id());
    }

    @POST
    @Path("/tenants/{id}/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response status(@PathParam("id") String id, @FormParam("status") String status) {
        if (!"active".equals(status) && !"suspended".equals(status)) {
            return Response.status(422).entity(Templates.page(view("Nothing was changed: status must be active or "
                    + "suspended.", new NewTenant("", "", ""), Map.of(), null, null))).build();
        }
        try {
            if (tenants.setStatus(id, TenantStatus.of(status), user.getUsername(), user.getName()).isEmpty()) {
                return Response.status(404).entity(Templates.page(view("There is no tenant " + id + ".",
                        new NewTenant("", "", ""), Map.of(), null, null))).build();
            }
        } catch (PlatformFailure e) {
            return Response.status(e.status()).entity(Templates.page(view(e.getMessage(), new NewTenant("", "", ""),
                    Map.of(), null, null))).build();
        }
        return done("active".equals(status) ? "resumed" : "suspended", id);
    }

    @POST
    @Path("/tenants/{id}/admins")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response giveAdmin(@PathParam("id") String id, @FormParam("email") String email) {
        NewTenant none = new NewTenant("", "", "");
        String typed = email == null ? "" : email.strip();
        try {
            return admins.give(id, email, user.getUsername(), user.getName())
                    .map(given -> done("admin-" + given.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                            id))
                    .orElseGet(() -> Response.status(404).entity(Templates.page(view("There is no tenant " + id + ".",
                            none, Map.of(), null, null))).build());
        } catch (InvalidTenant e) {
            String why = e.errors().get(0).message();
            return Response.status(422).entity(Templates.page(view("No admin was given to " + id + ": " + why, none,
                    Map.of(), null, null, new AdminForm(id, typed, why)))).build();
        } catch (PlatformFailure e) {
            return Response.status(e.status()).entity(Templates.page(view(e.getMessage(), none, Map.of(), null,
                    null, new AdminForm(id, typed, null)))).build();
        }
    }

    @POST
    @Path("/tenants/{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") String id, @FormParam("confirm") String confirm) {
        if (confirm == null || !confirm.strip().equals(id)) {
            return Response.status(422).entity(Templates.page(view("Nothing was deleted: the confirmation did not "
                    + "match.", new NewTenant("", "", ""), Map.of(), id, "Type " + id + " exactly to delete it")))
                    .build();
        }
        try {
            if (tenants.delete(id, user.getUsername(), user.getName()).isEmpty()) {
                return Response.status(404).entity(Templates.page(view("There is no tenant " + id + ".",
                        new NewTenant("", "", ""), Map.of(), null, null))).build();
            }
        } catch (PlatformFailure e) {
            return Response.status(e.status()).entity(Templates.page(view(e.getMessage(), new NewTenant("", "", ""),
                    Map.of(), null, null))).build();
        }
        return done("deleted", id);
    }

    private Response unprocessable(String flash, NewTenant form, List<FieldError> problems) {
        return Response.status(422).entity(Templates.page(view(flash, form, FieldError.firstByField(problems), null,
                null))).build();
    }

    private static Response done(String what, String tenant) {
        return Response.seeOther(UriBuilder.fromPath("/operator").queryParam("done", what)
                .queryParam("tenant", tenant).build()).build();
    }

    /**
     * What the action {@code done} on {@code tenant} did, as its redirect names it; said only while the tenants as
     * {@code listed} bear it out, so a link typed or come back to (Back, a bookmark) never tells of what did not
     * happen: "deleted" of a tenant still there, "suspended" of an active one.
     */
    static String flash(String done, String tenant, List<PlatformTenants.Listed> listed) {
        if (done == null || tenant == null || !NewTenant.SLUG.matcher(tenant).matches()) {
            return null;
        }
        Optional<TenantStatus> status = listed.stream().filter(t -> t.id().equals(tenant)).findFirst()
                .map(PlatformTenants.Listed::status);
        boolean borne = switch (done) {
            case "deleted" -> status.isEmpty();
            case "suspended" -> status.equals(Optional.of(TenantStatus.SUSPENDED));
            case "resumed" -> status.equals(Optional.of(TenantStatus.ACTIVE));
            default -> status.isPresent();
        };
        if (!borne) {
            return null;
        }
        return switch (done) {
            case "created" -> "Tenant " + tenant + " is created and its first admin is invited.";
            case "suspended" -> "Tenant " + tenant + " is suspended: its users are refused from now on and it sends "
                    + "no email or webhook; its data stays.";
            case "resumed" -> "Tenant " + tenant + " is active again; messages that waited go out now.";
            case "deleted" -> "Tenant " + tenant + " is deleted, with all its data and its users.";
            case "admin-invited" -> "An admin of " + tenant + " is invited: they get an email with a link.";
            case "admin-sent-again" -> "The invitation of " + tenant + "'s admin is sent again, with a fresh link.";
            case "admin-made-admin" -> tenant + " has an enabled admin again, who signs in as before.";
            default -> null;
        };
    }

    /** The page after an action that was refused or failed, {@code flash} saying why. */
    private View view(String flash, NewTenant form, Map<String, String> errors, String deleting,
            String deleteError) {
        return view(flash, form, errors, deleting, deleteError, null);
    }

    private View view(String flash, NewTenant form, Map<String, String> errors, String deleting,
            String deleteError, AdminForm admin) {
        return new View(tenants.list(), audit.recent(null, RECENT_ACTIONS), flash, true, form, errors, deleting,
                deleteError, audit.unfinishedDeletions(), underWay(), admin);
    }

    /** Deletions started and perhaps still running: within their database step's time limit, and a margin. */
    private Set<String> underWay() {
        return audit.deletionsUnderWay(tenants.deleteTimeout().plusMinutes(5));
    }
}
