package dev.bellwether.dashboard;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;

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
    public TemplateInstance page(@QueryParam("month") String month, @HeaderParam("HX-Request") String htmx) {
        ExecutiveView view = dashboards.executive(month(month), user.getCurrency()).orElse(null);
        return htmx != null && view != null ? Templates.page$dashboard(view, user.getCurrency())
                : Templates.page(view, user.getCurrency());
    }

    /** The segment (or, with {@code by=csm}, the CSM) table of a month as CSV. */
    @GET
    @Path("/breakdown.csv")
    @Produces("text/csv")
    public Response breakdown(@QueryParam("month") String month, @QueryParam("by") String by) {
        String scope = "csm".equals(by) ? "csm" : "segment";
        YearMonth which = month(month);
        var rows = snapshots.scope(scope, which);
        String name = scope + "s-" + (which == null ? snapshots.status().map(s -> s.reportingMonth().toString()).orElse("")
                : which.toString()) + ".csv";
        return CsvExport.attachment(name, csv -> {
            csv.writeRecord(scope.equals("csm") ? "csm_email" : "segment", "active_accounts", "arr", "percent_healthy", "nrr",
                    "grr", "logo_churn_rate", "nps");
            for (var row : rows.entrySet()) {
                TenantMetrics m = row.getValue();
                csv.writeRecord(CsvExport.safe(row.getKey()), Integer.toString(m.count(MetricDefinition.ACTIVE_ACCOUNTS)),
                        number(m.get(MetricDefinition.ARR)), number(m.get(MetricDefinition.PERCENT_HEALTHY)),
                        number(m.get(MetricDefinition.NRR)), number(m.get(MetricDefinition.GRR)),
                        number(m.get(MetricDefinition.LOGO_CHURN_RATE)), number(m.get(MetricDefinition.NPS)));
            }
        });
    }

    static String number(Double value) {
        return value == null ? "" : Double.toString(Math.round(value * 100) / 100.0);
    }

    static YearMonth month(String month) {
        try {
            return month == null || month.isBlank() ? null : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
