package dev.bellwether.dashboard;

import java.util.List;
import java.util.function.Supplier;

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

import org.jboss.resteasy.reactive.RestForm;

import dev.bellwether.account.AccountBook;
import dev.bellwether.alerts.AlertActions;
import dev.bellwether.alerts.AlertBook;
import dev.bellwether.platform.InvalidInput;
import dev.bellwether.web.AlertActionForm;
import dev.bellwether.web.AlertDraft;
import dev.bellwether.web.CsvExport;
import dev.bellwether.web.DoneWords;
import dev.bellwether.web.Figure;
import dev.bellwether.web.Formats;
import dev.bellwether.web.Htmx;
import dev.bellwether.web.Links;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /csm}: the CSM's work list. Their book by default (accounts whose csm_email is theirs),
 * every account one click away; the list filtered (tiles are filters too), searched, sorted and
 * paged with the state in the URL; saved views; the open alerts of the listed accounts to
 * acknowledge, snooze or resolve; and bulk actions on selected rows. An htmx GET answers the work
 * region ({@code #work}); the filters pick the list and the panel out of it.
 */
@Path("/csm")
@jakarta.inject.Singleton
@RolesAllowed({ "csm", "admin", "executive" })
@Produces(MediaType.TEXT_HTML)
public class CsmResource {

    /**
     * A sentence shown after an action: a confirmation, or what to fix (then styled as an error);
     * {@code bulk}: it answers the bulk bar (else the alerts panel).
     */
    public record Flash(String text, boolean error, boolean bulk, AlertDraft draft) {

        public Flash(String text, boolean error, boolean bulk) {
            this(text, error, bulk, AlertDraft.NONE);
        }

        /** What an alert's action did; refused, with its form as sent ({@code draft}), shown again as typed. */
        public static Flash of(AlertActions.Outcome outcome, AlertDraft draft) {
            return new Flash(outcome.message(), outcome.problem(), false,
                    outcome.problem() ? draft : AlertDraft.NONE);
        }

        /**
         * What the page says after a form posted without htmx sent the browser back to it ({@code done=…}):
         * an alert's action in the alerts panel, a saved view's above the list; null for none.
         */
        static Flash done(String word) {
            return DoneWords.of(AlertActions.Done.class, word).map(d -> new Flash(d.message(), false, false))
                    .or(() -> DoneWords.of(SavedViewsResource.Done.class, word)
                            .map(d -> new Flash(d.message(), false, true)))
                    .orElse(null);
        }
    }

    /** Who looks: their verified e-mail, whether they may act and share, and the saved views they see. */
    public record Viewer(String email, boolean mayAct, boolean admin, List<SavedViews.Item> savedViews) {
    }

    /**
     * What the page shows. {@code alerts} are those of the listed accounts, open ones first, at most
     * {@link CsmViews#ALERTS_SHOWN}, or {@link CsmViews#ALERTS_AT_MOST} when all are asked for;
     * {@code segments} are the tenant's own.
     */
    public record CsmView(CsmQuery query, Viewer viewer, boolean ownsAccounts, AccountBook.Page page,
            List<Figure> tiles, List<AlertBook.Alert> alerts, int alertCount, boolean allAlerts, Flash flash,
            boolean hasFigures, List<String> segments, CsmRegions regions) {

        public String email() {
            return viewer.email();
        }

        /** The alert form refused, to show again as typed; {@link AlertDraft#NONE} when none was. */
        public AlertDraft alertDraft() {
            return flash == null ? AlertDraft.NONE : flash.draft();
        }

        /**
         * The segment filtered on when no account has it (a saved view or bookmark from before a segment was
         * renamed): it filters to nothing, so the form shows it chosen, not "Any"; null otherwise.
         */
        public String segmentNoAccountHas() {
            return query.segment() != null && !segments.contains(query.segment()) ? query.segment() : null;
        }

        /** "the first 100,000": the CSV's cut when the list is longer (it said nothing of the rows left out); null. */
        public String exportCut() {
            return page.total() > CsmViews.EXPORT_ROWS ? "the first " + Formats.grouped(CsmViews.EXPORT_ROWS) : null;
        }

        /** Whether the panel offers the rest (it shows the first few). */
        public boolean moreAlerts() {
            return !allAlerts && alerts.size() < alertCount;
        }

        /** Whether all were asked for and only the most pressing {@link #alertsAtMost()} are shown. */
        public boolean alertsCapped() {
            return allAlerts && alerts.size() < alertCount;
        }

        public int alertsAtMost() {
            return CsmViews.ALERTS_AT_MOST;
        }

        /**
         * Where an alert's action form posts: the answer is the panel of this same view, all alerts still shown;
         * posted without JavaScript, the page it came from, its page of the list included.
         */
        public String alertUrl(long alertId) {
            String url = query.url();
            String q = url.indexOf('?') < 0 ? "" : url.substring(url.indexOf('?') + 1);
            q += allAlerts ? (q.isEmpty() ? "" : "&") + "all=true" : "";
            return Links.csmAlert(alertId) + (q.isEmpty() ? "" : "?" + q);
        }

        /** The accounts behind a tile, or null for a tile that is not a filter of the list. */
        public String tileUrl(String key) {
            return switch (key) {
                case "atRisk" -> query.only("band", "at_risk", "paying", "true");
                case "renewals" -> query.only("renewal", "90", "paying", "true");
                case "alerts" -> query.only("alerts", "open");
                case "expansionPipeline" -> query.only("expansion", "open");
                default -> null;
            };
        }

        /** Whether the list shows exactly a tile's accounts (the tile is then marked current). */
        public boolean tileActive(String key) {
            String url = tileUrl(key);
            return url != null && url.equals(query.url("page", null));
        }

        /** Where the bulk bar's acknowledge form posts (the answer keeps this view). */
        public String bulkAcknowledgeUrl() {
            String q = query.savedQuery();
            return Links.csmBulkAcknowledge() + (q.isEmpty() ? "" : "?" + q);
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

    /** The page and its fragments; the regions any view may reuse are rendered through {@link CsmRegions}. */
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(CsmView view);

        static native TemplateInstance page$region(CsmView view);

        static native TemplateInstance page$tiles(CsmView view);

        static native TemplateInstance page$table(CsmView view);

        static native TemplateInstance page$alerts(CsmView view);

        static native TemplateInstance page$bulkDone(CsmView view);

        static native TemplateInstance bulkSaid(Flash flash);
    }

    @Inject
    CsmViews views;

    @Inject
    AlertActions actions;

    @Inject
    BulkActions bulk;

    @Inject
    BulkWork work;

    /** The page; for htmx the work region (tiles, filters, list, alerts) unless htmx restores history. */
    @GET
    public TemplateInstance page(@BeanParam CsmQuery.Params query, @QueryParam(DoneWords.PARAMETER) String done,
            @HeaderParam(Htmx.REQUEST) String htmx, @HeaderParam(Htmx.HISTORY_RESTORE) String restore) {
        boolean region = Htmx.isRequest(htmx) && restore == null;
        CsmView view = views.view(query, Flash.done(done), false);
        return region ? Templates.page$region(view) : Templates.page(view);
    }

    @GET
    @Path("/tiles")
    public TemplateInstance tiles(@BeanParam CsmQuery.Params query) {
        return Templates.page$tiles(views.view(query, null, false));
    }

    /**
     * The alerts panel of the list's filters (the same parameters as the page), all alerts with {@code all};
     * the whole page with that panel when the link is followed without htmx.
     */
    @GET
    @Path("/alerts")
    public TemplateInstance alertsPanel(@BeanParam CsmQuery.Params query, @QueryParam("all") boolean all,
            @QueryParam(DoneWords.PARAMETER) String done, @HeaderParam(Htmx.REQUEST) String htmx) {
        CsmView view = views.view(query, Flash.done(done), all);
        return Htmx.isRequest(htmx) ? Templates.page$alerts(view) : Templates.page(view);
    }

    /**
     * Acknowledge, snooze or resolve an alert, with an optional note; answers the refreshed alerts
     * panel of the view in the URL, or 422 with the panel saying what to fix (a snooze without a date).
     */
    @POST
    @Path("/alerts/{id}")
    @RolesAllowed({ "csm", "admin" })
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("id") long id, @BeanParam AlertActionForm form,
            @BeanParam CsmQuery.Params query, @QueryParam("all") boolean all, @HeaderParam(Htmx.REQUEST) String htmx) {
        AlertActions.Outcome outcome = actions.act(id, form.action(), form.note(), form.until());
        CsmQuery.Params panel = form.scope() != null && query.scope() == null ? CsmQuery.Params.of(form.scope())
                : query;
        CsmView view = views.view(panel, Flash.of(outcome, AlertDraft.of(id, form, outcome.field())), all);
        if (!Htmx.isRequest(htmx)) { // posted before htmx loaded, or without JavaScript: the page, not the panel
            // back to the page it came from: all alerts still shown when they were
            return outcome.problem() ? Response.status(422).entity(Templates.page(view)).build()
                    : DoneWords.redirect((all ? view.query().alertsUrl(true) : view.query().url()) + "#alerts",
                            outcome.done());
        }
        TemplateInstance answer = Templates.page$alerts(view);
        if (outcome.problem()) {
            return Response.status(422).entity(answer).build();
        }
        return Htmx.ok(answer, Htmx.Event.ALERTS_CHANGED);
    }

    /**
     * The bulk bar's acknowledge: every open alert of the selected accounts ({@code account}, repeated),
     * all or nothing. Answers the bar's sentence with the refreshed alerts panel out of band (all its alerts
     * still shown when the panel sent {@code all}), and fires
     * {@code alertsChanged} so the tiles and the list reload; 422 naming what is wrong otherwise.
     */
    @POST
    @Path("/bulk/acknowledge")
    @RolesAllowed({ "csm", "admin" })
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response acknowledge(@RestForm("account") List<String> accounts, @BeanParam CsmQuery.Params query,
            @RestForm("all") boolean all) {
        try {
            BulkActions.Acknowledged done = bulk.acknowledge(accounts);
            CsmView view = views.view(query, new Flash(done.sentence(), false, true), all);
            return Htmx.ok(Templates.page$bulkDone(view), Htmx.Event.ALERTS_CHANGED);
        } catch (InvalidInput e) {
            CsmView view = views.view(query, new Flash(e.getMessage(), true, true), all);
            return Response.status(422).entity(Templates.page$bulkDone(view)).build();
        }
    }

    /**
     * The bulk bar's "Create a task": one task ({@code title}, {@code dueDate}) on each selected account,
     * for its CSM ({@code assignee} {@code csm}, the default) or for the viewer ({@code me}), all or
     * nothing. Answers the bar's sentence and fires {@code tasksChanged} so "My tasks" and the overdue tile
     * reload; 422 naming what is wrong otherwise.
     */
    @POST
    @Path("/bulk/tasks")
    @RolesAllowed({ "csm", "admin" })
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createTasks(@RestForm("account") List<String> accounts, @RestForm("title") String title,
            @RestForm("dueDate") String dueDate, @RestForm("assignee") String assignee) {
        return said(() -> work.createTasks(accounts, title, dueDate, assignee));
    }

    /** The bulk bar's "Run a playbook" ({@code playbook}: its key) on each selected account, all or nothing. */
    @POST
    @Path("/bulk/playbooks")
    @RolesAllowed({ "csm", "admin" })
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response runPlaybook(@RestForm("account") List<String> accounts, @RestForm("playbook") String playbook) {
        return said(() -> work.runPlaybook(accounts, playbook));
    }

    private static Response said(Supplier<BulkWork.Created> action) {
        try {
            Flash flash = new Flash(action.get().sentence(), false, true);
            return Htmx.ok(Templates.bulkSaid(flash), Htmx.Event.TASKS_CHANGED);
        } catch (InvalidInput e) {
            Flash flash = new Flash(e.getMessage(), true, true);
            return Response.status(422).entity(Templates.bulkSaid(flash)).build();
        }
    }

    /** The list as CSV: the same filters, every page. */
    @GET
    @Path("/accounts.csv")
    @Produces("text/csv")
    public Response export(@BeanParam CsmQuery.Params query) {
        return CsvExport.attachment("accounts.csv", COLUMNS, views.all(query));
    }
}
