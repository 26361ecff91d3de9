package dev.bellwether.dashboard;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
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
import dev.bellwether.metrics.Snapshots;
import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.metrics.calc.TenantMetrics;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.web.CsvExport;
import dev.bellwether.web.Figure;
import dev.bellwether.web.VersionedCache;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /csm}: the CSM's morning work queue. Their book by default (accounts whose csm_email is
 * theirs), every account one click away; the list filtered, searched, sorted and paged with the
 * state in the URL; the book's tiles; and their open alerts to acknowledge, snooze or resolve.
 */
@Path("/csm")
@jakarta.inject.Singleton
@RolesAllowed({ "csm", "admin" })
@Produces(MediaType.TEXT_HTML)
public class CsmResource {

    static final int PAGE_SIZE = 25;
    /** The order the alerts panel lists rules in: what threatens revenue first. */
    static final List<String> URGENCY = List.of("at-risk", "renewal-risk", "health-drop", "detractor", "usage-decline",
            "no-contact");

    /** Alerts the panel shows at most; the rest are a click away. */
    static final int ALERTS_SHOWN = 10;

    /** What the page shows. {@code alerts} are the most pressing first, at most {@link #ALERTS_SHOWN} unless all are asked for. */
    public record CsmView(CsmQuery query, String email, boolean ownsAccounts, AccountBook.Page page, List<Figure> tiles,
            List<AlertBook.Alert> alerts, int alertCount, boolean allAlerts, String flash, boolean hasFigures) {

        public boolean moreAlerts() {
            return alerts.size() < alertCount;
        }

        /** Where an alert's action form posts. */
        public String alertUrl(long alertId) {
            return "/csm/alerts/" + alertId;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(CsmView view);

        static native TemplateInstance page$list(CsmView view);

        static native TemplateInstance page$tiles(CsmView view);

        static native TemplateInstance page$alerts(CsmView view);
    }

    @Inject
    AccountBook book;

    @Inject
    AlertBook alerts;

    @Inject
    AlertActions actions;

    @Inject
    Snapshots snapshots;

    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance page(@QueryParam("scope") String scope, @QueryParam("q") String q, @QueryParam("band") String band,
            @QueryParam("segment") String segment, @QueryParam("renewal") String renewal, @QueryParam("sort") String sort,
            @QueryParam("page") String page, @HeaderParam("HX-Request") String htmx) {
        CsmView view = view(scope, q, band, segment, renewal, sort, page, null, false);
        return htmx != null ? Templates.page$list(view) : Templates.page(view);
    }

    @GET
    @Path("/tiles")
    public TemplateInstance tiles(@QueryParam("scope") String scope) {
        return Templates.page$tiles(view(scope, null, null, null, null, null, null, null, false));
    }

    @GET
    @Path("/alerts")
    public TemplateInstance alertsPanel(@QueryParam("scope") String scope, @QueryParam("all") boolean all) {
        return Templates.page$alerts(view(scope, null, null, null, null, null, null, null, all));
    }

    /** Acknowledge, snooze or resolve an alert, with an optional note; answers the refreshed alerts panel. */
    @POST
    @Path("/alerts/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("id") long id, @FormParam("action") String action, @FormParam("note") String note,
            @FormParam("until") String until, @FormParam("scope") String scope) {
        String flash = actions.apply(id, action, note, until);
        CsmView view = view(scope, null, null, null, null, null, null, flash, false);
        return Response.ok(Templates.page$alerts(view)).header("HX-Trigger", "alertsChanged").build();
    }

    /** The list as CSV: the same filters, every page. */
    @GET
    @Path("/accounts.csv")
    @Produces("text/csv")
    public Response export(@QueryParam("scope") String scope, @QueryParam("q") String q, @QueryParam("band") String band,
            @QueryParam("segment") String segment, @QueryParam("renewal") String renewal, @QueryParam("sort") String sort) {
        CsmQuery query = query(scope, q, band, segment, renewal, sort, null, snapshots.version());
        AccountBook.Page all = book.list(filterFor(query, user.getEmail()), query.sort(), 1, 100_000, LocalDate.now());
        return CsvExport.attachment("accounts.csv", csv -> {
            csv.writeRecord("account_id", "name", "segment", "csm_email", "mrr", "health", "band", "health_change",
                    "renewal_date", "open_alerts", "override_band");
            for (AccountBook.Line l : all.lines()) {
                csv.writeRecord(CsvExport.safe(l.accountId()), CsvExport.safe(l.name()), CsvExport.safe(l.segment()),
                        CsvExport.safe(l.csmEmail()), Double.toString(l.mrr()), number(l.health()), l.band() == null ? "" : l.band(),
                        number(l.change()), l.renewalDate() == null ? "" : l.renewalDate().toString(),
                        Integer.toString(l.openAlerts()), l.overrideBand() == null ? "" : l.overrideBand());
            }
        });
    }

    /** The view of the request's URL state, from the tenant's data at one version (read once per request). */
    private CsmView view(String scope, String q, String band, String segment, String renewal, String sort, String page,
            String flash, boolean allAlerts) {
        Optional<String> version = snapshots.version();
        return view(query(scope, q, band, segment, renewal, sort, page, version), version, flash, allAlerts);
    }

    private CsmQuery query(String scope, String q, String band, String segment, String renewal, String sort, String page,
            Optional<String> version) {
        boolean mineByDefault = user.getRoles().contains(CurrentUser.CSM) && owns(user.getEmail(), version.orElse(null));
        return CsmQuery.of(scope, q, band, segment, renewal, sort, page, mineByDefault);
    }

    /** What a view shows apart from the flash, built from the data at one version. */
    private record Data(boolean owns, AccountBook.Page page, List<Figure> tiles, List<AlertBook.Alert> alerts, int alertCount) {
    }

    /** Views and book ownership per tenant, user and URL, rebuilt when the tenant's data version changes. */
    private final VersionedCache<Data> views = new VersionedCache<>(1024);
    private final VersionedCache<Boolean> owners = new VersionedCache<>(1024);

    private CsmView view(CsmQuery query, Optional<String> version, String flash, boolean allAlerts) {
        String email = user.getEmail();
        LocalDate today = LocalDate.now();
        if (version.isEmpty()) {
            return new CsmView(query, email, owns(email, null), new AccountBook.Page(List.of(), 0, 1, PAGE_SIZE), List.of(),
                    List.of(), 0, allAlerts, flash, false);
        }
        Data data = views.get(TenantContext.require() + "|" + email + "|" + query.url() + "|" + allAlerts,
                version.get() + "|" + today, () -> build(query, email, allAlerts, today, version.get()));
        return new CsmView(query, email, data.owns(), data.page(), data.tiles(), data.alerts(), data.alertCount(), allAlerts,
                flash, true);
    }

    private Data build(CsmQuery query, String email, boolean allAlerts, LocalDate today, String version) {
        String csm = query.mine() ? email : null;
        AccountBook.Page page = book.list(filterFor(query, email), query.sort(), query.page(), PAGE_SIZE, today);
        AccountBook.BookTotals totals = book.totals(csm, today);
        TenantMetrics metrics = query.mine() ? snapshots.scope("csm", null).get(email == null ? "" : email.toLowerCase())
                : snapshots.tenant(null).orElse(null);
        String currency = user.getCurrency();
        List<Figure> tiles = new ArrayList<>();
        tiles.add(new Figure("atRisk", "Accounts at risk", (double) totals.atRisk(), Integer.toString(totals.atRisk()), null,
                "Paying accounts in the at-risk band (health below the at-risk threshold).", "band = at risk"));
        tiles.add(new Figure("renewals", "Renewals in 90 days", (double) totals.renewalsIn90Days(),
                Integer.toString(totals.renewalsIn90Days()), null, "Paying accounts whose renewal date is in the next 90 days from today.",
                "renewal_date between today and today + 90"));
        tiles.add(Figure.of(MetricDefinition.EXPANSION_PIPELINE, totals.openExpansion(), currency));
        tiles.add(Figure.of(MetricDefinition.OVERDUE_QBRS,
                metrics == null ? 0.0 : (double) metrics.count(MetricDefinition.OVERDUE_QBRS), currency));
        tiles.add(Figure.of(MetricDefinition.UNANSWERED_TICKETS,
                metrics == null ? 0.0 : (double) metrics.count(MetricDefinition.UNANSWERED_TICKETS), currency));
        tiles.add(new Figure("alerts", "Open alerts", (double) totals.openAlerts(), Integer.toString(totals.openAlerts()), null,
                "Alerts raised by the latest recalculation and not resolved yet.", "alerts not resolved"));
        AlertBook.Filter open = new AlertBook.Filter("open", null, csm, null);
        return new Data(owns(email, version), page, List.copyOf(tiles),
                alerts.first(open, URGENCY, allAlerts ? Integer.MAX_VALUE : ALERTS_SHOWN), alerts.count(open));
    }

    /** Whether {@code email} is the CSM of any account; cached per data version when there is one. */
    private boolean owns(String email, String version) {
        if (version == null) {
            return book.owns(email);
        }
        return owners.get(TenantContext.require() + "|" + email, version, () -> book.owns(email));
    }

    private static AccountBook.Filter filterFor(CsmQuery query, String email) {
        return new AccountBook.Filter(query.band(), query.segment(), query.mine() ? email : null, query.q(), query.renewal(),
                false);
    }

    static String number(Double value) {
        return value == null ? "" : Double.toString(Math.round(value * 10) / 10.0);
    }
}
