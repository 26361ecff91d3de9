package dev.bellwether.dashboard;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.bellwether.metrics.Snapshots;
import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.metrics.calc.TenantMetrics;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.web.CsvExport;
import dev.bellwether.web.Htmx;
import io.quarkus.qute.CheckedTemplate;
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

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(ExecutiveView view, String currency);

        static native TemplateInstance page$dashboard(ExecutiveView view, String currency);
    }

    @Inject
    Dashboards dashboards;

    @Inject
    Snapshots snapshots;

    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance page(@QueryParam("month") String month, @HeaderParam(Htmx.REQUEST) String htmx) {
        ExecutiveView view = dashboards.executive(month(month), user.getCurrency()).orElse(null);
        return Htmx.isRequest(htmx) && view != null ? Templates.page$dashboard(view, user.getCurrency())
                : Templates.page(view, user.getCurrency());
    }

    /** The segment (or, with {@code by=csm}, the CSM) table of a month as CSV. */
    @GET
    @Path("/breakdown.csv")
    @Produces("text/csv")
    public Response breakdown(@QueryParam("month") String month, @QueryParam("by") String by) {
        String scope = "csm".equals(by) ? "csm" : "segment";
        YearMonth which = month(month);
        Map<String, TenantMetrics> rows = snapshots.scope(scope, which);
        String shown = which == null ? snapshots.status().map(s -> s.reportingMonth().toString()).orElse("")
                : which.toString();
        String name = CsvExport.fileName(scope + "s", shown);
        List<CsvExport.Column<Map.Entry<String, TenantMetrics>>> columns = List.of(
                CsvExport.text(scope.equals("csm") ? "csm_email" : "segment", Map.Entry::getKey),
                CsvExport.value("active_accounts", e -> e.getValue().count(MetricDefinition.ACTIVE_ACCOUNTS)),
                CsvExport.money("arr", e -> e.getValue().amount(MetricDefinition.ARR)),
                CsvExport.figure("percent_healthy", e -> e.getValue().get(MetricDefinition.PERCENT_HEALTHY)),
                CsvExport.figure("nrr", e -> e.getValue().get(MetricDefinition.NRR)),
                CsvExport.figure("grr", e -> e.getValue().get(MetricDefinition.GRR)),
                CsvExport.figure("logo_churn_rate", e -> e.getValue().get(MetricDefinition.LOGO_CHURN_RATE)),
                CsvExport.figure("nps", e -> e.getValue().get(MetricDefinition.NPS)));
        return CsvExport.attachment(name, columns, rows.entrySet());
    }

    static YearMonth month(String month) {
        try {
            return month == null || month.isBlank() ? null : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
