package dev.bellwether.dashboard;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.bellwether.account.AccountBook;
import dev.bellwether.alerts.AlertActions;
import dev.bellwether.alerts.AlertBook;
import dev.bellwether.web.AlertActionForm;
import dev.bellwether.web.CsvExport;
import dev.bellwether.web.Figure;
import dev.bellwether.web.Htmx;
import dev.bellwether.web.Links;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /csm}: the CSM's morning work queue. Their book by default (accounts whose csm_email is
 * theirs), every account one click away; the list filtered, searched, sorted and paged with the
 * state in the URL; the book's tiles; and their open alerts to acknowledge, snooze or resolve.
 * Executives read it (every account, a breakdown's slice) without the alert actions.
 */
@Path("/csm")
@jakarta.inject.Singleton
@RolesAllowed({ "csm", "admin", "executive" })
@Produces(MediaType.TEXT_HTML)
public class CsmResource {

    /**
     * What the page shows. {@code alerts} are the most pressing first, at most
     * {@link CsmViews#ALERTS_SHOWN} unless all are asked for; {@code segments} are the tenant's own.
     */
    public record CsmView(CsmQuery query, String email, boolean ownsAccounts, AccountBook.Page page, List<Figure> tiles,
            List<AlertBook.Alert> alerts, int alertCount, boolean allAlerts, String flash, boolean hasFigures,
            List<String> segments, boolean readOnly) {

        /** Whether the alert actions show: not for a reader (an executive). */
        public boolean canAct() {
            return !readOnly;
        }

        public boolean moreAlerts() {
            return alerts.size() < alertCount;
        }

        /** Where an alert's action form posts. */
        public String alertUrl(long alertId) {
            return Links.csmAlert(alertId);
        }
    }

    /** The list's CSV columns. */
    static final List<CsvExport.Column<AccountBook.Line>> COLUMNS = List.of(
            CsvExport.text("account_id", AccountBook.Line::accountId), CsvExport.text("name", AccountBook.Line::name),
            CsvExport.text("segment", AccountBook.Line::segment),
            CsvExport.text("csm_email", AccountBook.Line::csmEmail),
            CsvExport.money("mrr", AccountBook.Line::mrr), CsvExport.figure("health", AccountBook.Line::health),
            CsvExport.value("band", AccountBook.Line::band),
            CsvExport.figure("health_change", AccountBook.Line::change),
            CsvExport.value("renewal_date", AccountBook.Line::renewalDate),
            CsvExport.value("open_alerts", AccountBook.Line::openAlerts),
            CsvExport.value("override_band", AccountBook.Line::overrideBand));

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(CsmView view);

        static native TemplateInstance page$list(CsmView view);

        static native TemplateInstance page$tiles(CsmView view);

        static native TemplateInstance page$alerts(CsmView view);
    }

    @Inject
    CsmViews views;

    @Inject
    AlertActions actions;

    @GET
    public TemplateInstance page(@BeanParam CsmQuery.Params query, @HeaderParam(Htmx.REQUEST) String htmx) {
        CsmView view = views.view(query, null, false);
        return Htmx.isRequest(htmx) ? Templates.page$list(view) : Templates.page(view);
    }

    @GET
    @Path("/tiles")
    public TemplateInstance tiles(@QueryParam("scope") String scope) {
        return Templates.page$tiles(views.view(CsmQuery.Params.of(scope), null, false));
    }

    @GET
    @Path("/alerts")
    public TemplateInstance alertsPanel(@QueryParam("scope") String scope, @QueryParam("all") boolean all) {
        return Templates.page$alerts(views.view(CsmQuery.Params.of(scope), null, all));
    }

    /** Acknowledge, snooze or resolve an alert, with an optional note; answers the refreshed alerts panel. */
    @POST
    @Path("/alerts/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ "csm", "admin" })
    public Response act(@PathParam("id") long id, @BeanParam AlertActionForm form) {
        String flash = actions.apply(id, form.action(), form.note(), form.until());
        CsmView view = views.view(CsmQuery.Params.of(form.scope()), flash, false);
        return Htmx.ok(Templates.page$alerts(view), Htmx.Event.ALERTS_CHANGED);
    }

    /** The list as CSV: the same filters, every page. */
    @GET
    @Path("/accounts.csv")
    @Produces("text/csv")
    public Response export(@BeanParam CsmQuery.Params query) {
        return CsvExport.attachment("accounts.csv", COLUMNS, views.all(query));
    }
}
