package dev.bellwether.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.bellwether.metrics.Snapshots;
import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.metrics.calc.Slice;
import dev.bellwether.metrics.calc.TenantMetrics;
import dev.bellwether.platform.Clocks;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.web.CsvExport;
import dev.bellwether.web.Freshness;
import dev.bellwether.web.Htmx;
import dev.bellwether.web.PageCache;
import dev.bellwether.web.RenderedRegions;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /executive}: the leaders' dashboard. KPI tiles against targets with trend and sparkline,
 * the MRR movements, NRR and GRR over a year, accounts per band, cohort retention, and the
 * segment and CSM tables, for any month of history ({@code ?month=YYYY-MM}, the URL holds it).
 */
@Path("/executive")
@RolesAllowed({ "executive", "admin" })
@Produces(MediaType.TEXT_HTML)
public class ExecutiveResource {

    /** The analytics panels under the dashboard (issue 16); null when the tenant has no figures. */
    public record Panels(ExecutiveAnalytics.BreakdownPanel breakdown, ExecutiveAnalytics.CohortPanel cohorts,
            ChurnDriverLines.Panel drivers, List<KpiOwners.Ownership> owners) {

        /** The owner and next review of the tile of {@code metric}; null when it has no owner. */
        public KpiOwners.Ownership owner(String metric) {
            return owners == null ? null : owners.stream()
                    .filter(o -> o.owner() != null && o.kpi().key().equals(metric)).findFirst().orElse(null);
        }
    }

    @CheckedTemplate
    static class Templates {
        /** {@code dashboard}: the dashboard fragment as rendered, kept per view and panels (RenderedRegions). */
        static native TemplateInstance page(ExecutiveView view, String currency, Panels panels, RawString dashboard);

        static native TemplateInstance page$dashboard(ExecutiveView view, String currency, Panels panels);

        static native TemplateInstance page$dashboardAndMonth(ExecutiveView view, String currency, Panels panels);

        static native TemplateInstance page$breakdown(Panels panels);

        static native TemplateInstance page$cohorts(Panels panels);

        static native TemplateInstance page$cohortSwitch(Panels panels);

        static native TemplateInstance page$breakdownSwitch(Panels panels);
    }

    @Inject
    Dashboards dashboards;

    @Inject
    RenderedRegions rendered;

    /** The figures' status, read once per request with the layout's badge. */
    @Inject
    Freshness freshness;

    @Inject
    Snapshots snapshots;

    @Inject
    CurrentUser user;

    @Inject
    ExecutiveAnalytics analytics;

    @Inject
    KpiBoard kpis;

    @Inject
    @CacheName("executive-panels")
    Cache panelCache;

    @Inject
    Clock clock;

    /**
     * The dashboard of {@code ?month=} with the breakdown by {@code ?by=} (segment by default) and
     * the cohort heatmap in view {@code ?cohorts=} (retention by default); for htmx the dashboard
     * fragment and the month picker out of band, unless htmx restores history (Back), when it swaps in the whole
     * page's body.
     */
    @GET
    public TemplateInstance page(@QueryParam("month") String month, @QueryParam("by") String by,
            @QueryParam("cohorts") String cohorts, @HeaderParam(Htmx.REQUEST) String htmx,
            @HeaderParam(Htmx.HISTORY_RESTORE) String restore) {
        Optional<Snapshots.Status> status = freshness.status();
        if (status.isEmpty()) { // without figures there is no dashboard: its targets and owners are not read
            return Templates.page(null, user.getCurrency(), null, null);
        }
        KpiBoard.Board board = kpis.read(Clocks.today(clock));
        ExecutiveView view = dashboards.executive(status, month(month), user.getCurrency(), board.targets())
                .orElse(null);
        if (view == null) { // the figures went meanwhile
            return Templates.page(null, user.getCurrency(), null, null);
        }
        Panels panels = panels(view.month(), named(month, view.month()), by, cohorts, board.owners());
        if (Htmx.isRequest(htmx) && restore == null) {
            return Templates.page$dashboardAndMonth(view, user.getCurrency(), panels);
        }
        // the view and the panels come from the page caches, the same instances for the same data: the
        // dashboard's text is kept under them (its template reads nothing else but the currency)
        RawString dashboard = rendered.of(List.of("executive", new RenderedRegions.Same(view),
                new RenderedRegions.Same(panels), user.getCurrency()),
                () -> Templates.page$dashboard(view, user.getCurrency(), panels));
        return Templates.page(view, user.getCurrency(), panels, dashboard);
    }

    /**
     * The breakdown table alone, for the "Break down by" switch, with the cohort switch's links out of
     * band: theirs name the breakdown shown, which has just changed.
     */
    @GET
    @Path("/breakdown")
    @Produces(MediaType.TEXT_HTML)
    public String breakdownPanel(@QueryParam("month") String month, @QueryParam("by") String by,
            @QueryParam("cohorts") String cohorts) {
        YearMonth shown = figuredMonth(month);
        Panels panels = panels(shown, named(month, shown), by, cohorts, null);
        return Templates.page$breakdown(panels).render() + outOfBand("cohort-switch",
                Templates.page$cohortSwitch(panels));
    }

    /** The cohort heatmap alone, for its view switch, with the breakdown switch's links out of band. */
    @GET
    @Path("/cohorts")
    @Produces(MediaType.TEXT_HTML)
    public String cohortsPanel(@QueryParam("month") String month, @QueryParam("by") String by,
            @QueryParam("cohorts") String cohorts) {
        YearMonth shown = figuredMonth(month);
        Panels panels = panels(shown, named(month, shown), by, cohorts, null);
        return Templates.page$cohorts(panels).render() + outOfBand("breakdown-switch",
                Templates.page$breakdownSwitch(panels));
    }

    /** {@code content} for htmx to put into the element {@code id} (ids are constants, content escaped). */
    private static String outOfBand(String id, TemplateInstance content) {
        return "<div id=\"" + id + "\" hx-swap-oob=\"innerHTML\">" + content.render() + "</div>";
    }

    /**
     * The analytics panels, built once per tenant, month, choice and recalculation and then reused
     * (like the dashboard itself, see {@link Dashboards#executive}): the breakdown, the cohorts and the
     * drivers only change when a recalculation finishes, the owners are part of the key. {@code asked}: the address
     * names the month, which the switches then keep. {@code owners}: the KPIs' ownerships for the drivers' panel (as
     * the page read them); null for a breakdown or cohorts panel alone, which has none.
     */
    private Panels panels(YearMonth month, boolean asked, String by, String cohorts,
            List<KpiOwners.Ownership> owners) {
        Slice slice = ExecutiveAnalytics.slice(by);
        ExecutiveAnalytics.CohortView view = ExecutiveAnalytics.CohortView.of(cohorts);
        boolean drivers = owners != null;
        List<KpiOwners.Ownership> owned = drivers ? owners : List.of();
        Instant computedAt = freshness.status().map(Snapshots.Status::computedAt).orElse(null);
        PanelKey key = new PanelKey(TenantContext.require(), month, asked, slice, view, drivers,
                user.getCurrency(), computedAt, owned);
        return PageCache.get(panelCache, key, () -> new Panels(analytics.breakdown(month, asked, slice, view,
                user.getCurrency()), analytics.cohorts(month, asked, slice, view),
                drivers ? analytics.drivers() : null, owned));
    }

    /** What the panels were built from. */
    private record PanelKey(String tenant, YearMonth month, boolean asked, Slice slice,
            ExecutiveAnalytics.CohortView view, boolean drivers, String currency, Instant computedAt,
            List<KpiOwners.Ownership> owners) {
    }

    /**
     * The month a panel or an export shows: the one asked for when it has figures, else the reporting month. A
     * tenant without figures has no panels to show, whatever month is asked for (404).
     */
    private YearMonth figuredMonth(String month) {
        YearMonth asked = month(month);
        return freshness.status().map(s -> asked == null || asked.isBefore(s.firstMonth())
                || asked.isAfter(s.reportingMonth()) ? s.reportingMonth() : asked)
                .orElseThrow(() -> new NotFoundException("No figures yet: upload your data on /admin/imports first."));
    }

    /**
     * One breakdown table (segment by default; {@code by} any attribute) of a month as CSV: the month the page
     * would show, so a month without figures exports the reporting month's, as the page shows it; 404 before any
     * figures.
     */
    @GET
    @Path("/breakdown.csv")
    @Produces("text/csv")
    public Response breakdown(@QueryParam("month") String month, @QueryParam("by") String by) {
        Slice slice = ExecutiveAnalytics.slice(by);
        String scope = slice.key();
        YearMonth which = figuredMonth(month);
        List<Map.Entry<String, TenantMetrics>> rows = analytics.ordered(slice, which); // as the page lists them
        // segments, industries, plans, csms, tenures
        String name = CsvExport.fileName(scope.endsWith("y") ? scope.substring(0, scope.length() - 1) + "ies"
                : scope + "s", which.toString());
        List<CsvExport.Column<Map.Entry<String, TenantMetrics>>> columns = List.of(
                // a tenure band is written with its unit: "6-11" alone, a spreadsheet reads as the date 11 June
                CsvExport.text(scope.equals("csm") ? "csm_email" : scope, e -> slice == Slice.TENURE
                        && !e.getKey().startsWith("(") ? e.getKey() + " months" : e.getKey()),
                CsvExport.value("active_accounts", e -> e.getValue().count(MetricDefinition.ACTIVE_ACCOUNTS)),
                CsvExport.money("arr", e -> e.getValue().amount(MetricDefinition.ARR)),
                CsvExport.figure("percent_healthy", e -> e.getValue().get(MetricDefinition.PERCENT_HEALTHY)),
                CsvExport.figure("nrr", e -> e.getValue().get(MetricDefinition.NRR)),
                CsvExport.figure("grr", e -> e.getValue().get(MetricDefinition.GRR)),
                CsvExport.figure("logo_churn_rate", e -> e.getValue().get(MetricDefinition.LOGO_CHURN_RATE)),
                CsvExport.figure("nps", e -> e.getValue().get(MetricDefinition.NPS)));
        return CsvExport.attachment(name, columns, rows);
    }

    /**
     * Whether the address names the month {@code shown}: one without figures (2019-01) shows the latest instead, and
     * the switches then keep none, so the page goes on following the newest month.
     */
    private boolean named(String month, YearMonth shown) {
        return shown.equals(month(month));
    }

    /** The month asked for; none when it is unreadable, before 1900-01 or over ten years ahead ({@link MonthParam}). */
    private YearMonth month(String month) {
        return MonthParam.read(month, Clocks.thisMonth(clock));
    }
}
