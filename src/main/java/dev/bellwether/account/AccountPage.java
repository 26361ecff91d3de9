package dev.bellwether.account;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import dev.bellwether.alerts.AlertActions;
import dev.bellwether.alerts.AlertBook;
import dev.bellwether.platform.InvalidInput;
import dev.bellwether.web.AlertActionForm;
import dev.bellwether.web.AlertDraft;
import dev.bellwether.web.DoneWords;
import dev.bellwether.web.Htmx;
import dev.bellwether.web.Links;
import dev.bellwether.web.Problems;
import dev.bellwether.web.RenderedRegions;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /accounts/{id}}: one account, everything about it. Its health and why (every component
 * and measure with value, bounds and points), its health and MRR history with model changes
 * marked, weekly usage, survey answers, tickets, activities, opportunities and alerts. Every role
 * may read it; csm and admin act on its alerts. The view is built by {@link AccountViews}.
 */
@Path("/accounts/{accountId}")
@RolesAllowed({ "admin", "executive", "csm" })
@Produces(MediaType.TEXT_HTML)
public class AccountPage {

    /**
     * What the override form posts: set (with the override's fields) or clear, and which override the page showed
     * ({@link HealthOverrides#opened}; a form without it, as before, is not checked).
     */
    public record OverridePost(@RestForm String action, @RestForm String band, @RestForm String reason,
            @RestForm String expiresOn, @RestForm String opened) {

        boolean clear() {
            return "clear".equals(action);
        }

        OverrideRequest request() {
            return new OverrideRequest(band, reason, expiresOn);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(AccountView view, AccountRegions regions);

        static native TemplateInstance page$why(AccountView view);

        static native TemplateInstance page$charts(AccountView view);

        static native TemplateInstance page$records(AccountView view);

        static native TemplateInstance page$opportunities(AccountView view);

        static native TemplateInstance page$alerts(AccountView view);

        static native TemplateInstance page$acted(AccountView view);
    }

    @Inject
    AccountViews views;

    @Inject
    AccountRecords records;

    @Inject
    AlertBook alerts;

    @Inject
    AlertActions actions;

    @Inject
    HealthOverrides overrides;

    @Inject
    Validator validator;

    @Inject
    RenderedRegions rendered;

    /** Another tenant's id answers 404 exactly like an id that does not exist. */
    @GET
    public TemplateInstance page(@PathParam("accountId") String accountId,
            @QueryParam(DoneWords.PARAMETER) String done) {
        return shown(views.page(accountId, null,
                DoneWords.of(AlertActions.Done.class, done).map(AlertActions.Done::message).orElse(null),
                AlertDraft.NONE));
    }

    @GET
    @Path("/alerts")
    public TemplateInstance alertsPanel(@PathParam("accountId") String accountId) {
        // with the summary's count: new figures may have opened or resolved one
        return Templates.page$acted(views.alertsPanel(accountId, null, AlertDraft.NONE));
    }

    @POST
    @Path("/alerts/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ "admin", "csm" })
    public Response act(@PathParam("accountId") String accountId, @PathParam("id") long id,
            @BeanParam AlertActionForm form, @HeaderParam(Htmx.REQUEST) String htmx) {
        if (alerts.find(id).filter(a -> a.accountId().equals(accountId)).isEmpty()) {
            throw new NotFoundException();
        }
        AlertActions.Outcome outcome = actions.act(id, form.action(), form.note(), form.until());
        AlertDraft draft = outcome.problem() ? AlertDraft.of(id, form, outcome.field()) : AlertDraft.NONE;
        if (!Htmx.isRequest(htmx)) { // posted before htmx loaded, or without JavaScript: the page, not the panel
            return outcome.problem()
                    ? Response.status(422).entity(shown(views.page(accountId, null, outcome.message(), draft))).build()
                    : DoneWords.redirect(Links.account(accountId) + "#alerts", outcome.done());
        }
        TemplateInstance panel = Templates.page$acted(views.alertsPanel(accountId, outcome.message(), draft));
        if (outcome.problem()) {
            // the panel says what to fix, and nothing changed (422, as on the CSM page: the page keeps what the
            // form held, its note above all): no alertsChanged for the page to reload on
            return Response.status(422).entity(panel).build();
        }
        return Htmx.ok(panel, Htmx.Event.ALERTS_CHANGED);
    }

    /** One of the page's lists as CSV: surveys, tickets, activities or opportunities, every row. */
    @GET
    @Path("/{list:" + AccountExports.LISTS + "}.csv")
    @Produces("text/csv")
    public Response export(@PathParam("accountId") String accountId, @PathParam("list") String list) {
        views.account(accountId);
        return AccountExports.of(records, accountId, list);
    }

    /** Sets or removes the account's manual band (its CSM or an admin); 422 with the form's problems. */
    @POST
    @Path("/override")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ "admin", "csm" })
    public Response override(@PathParam("accountId") String accountId, @BeanParam OverridePost form) {
        views.overridable(accountId);
        OverrideRequest request = form.request();
        try {
            if (form.clear()) {
                overrides.clear(accountId, form.opened());
            } else {
                List<String> problems = Problems.of(validator, request);
                if (!problems.isEmpty()) {
                    return Response.status(422).entity(shown(views.page(accountId, views.typed(request, problems), null,
                            AlertDraft.NONE))).build();
                }
                overrides.set(accountId, request.band(), request.reason(), request.expiresOnDate(), form.opened());
            }
        } catch (InvalidInput e) { // midnight passed since the check
            return Response.status(422).entity(shown(views.page(accountId, views.typed(request, e.messages()), null,
                    AlertDraft.NONE))).build();
        } catch (HealthOverrides.ChangedMeanwhile e) {
            // the page comes back with the override there now, and what was typed: doing it again is then knowing
            String again = form.clear() ? "Remove override again to remove it."
                    : (e.gone() ? "Override band" : "Replace override") + " again to set yours, which is still in"
                            + " the form.";
            return Response.status(409).entity(shown(views.page(accountId, views.typed(request, List.of("The override"
                    + " changed after you opened the page: " + e.now() + ". " + again)), null, AlertDraft.NONE)))
                    .build();
        }
        return Response.seeOther(URI.create(Links.accountOverridePanel(accountId))).build();
    }

    /** The page of {@code view}, its regions rendered once per version of the account's data. */
    private TemplateInstance shown(AccountView view) {
        return Templates.page(view, new AccountRegions(rendered, view));
    }
}
