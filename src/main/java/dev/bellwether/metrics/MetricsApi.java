package dev.bellwether.metrics;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.bellwether.metrics.calc.Cohort;
import dev.bellwether.metrics.calc.CsmLoad;
import dev.bellwether.metrics.calc.HealthAccuracy;
import dev.bellwether.metrics.calc.TenantMetrics;

/** The tenant-wide figures of docs/api.md, read from the snapshots of the latest recalculation. All roles. */
@Path("/api/v1")
@RolesAllowed({ "admin", "executive", "csm" })
@Produces(MediaType.APPLICATION_JSON)
public class MetricsApi {

    private static final String NO_DATA =
            "No metrics yet: they appear once MRR data has been imported and recalculated.";

    /** A breakdown row: a segment's or a CSM's metrics. */
    public record Breakdown(String key, TenantMetrics metrics) {
    }

    @Inject
    Snapshots snapshots;

    /** {@code ?month=YYYY-MM}, the reporting month by default (the latest month of MRR data). */
    @GET
    @Path("/metrics")
    public TenantMetrics metrics(@QueryParam("month") String month) {
        YearMonth which = month(month);
        return snapshots.tenant(which).orElseThrow(() -> new NotFoundException(which == null ? NO_DATA
                : "No metrics for " + month + ": " + range()));
    }

    @GET
    @Path("/metrics/segments")
    public List<Breakdown> segments(@QueryParam("month") String month) {
        return breakdown("segment", month);
    }

    @GET
    @Path("/metrics/csms")
    public List<Breakdown> csms(@QueryParam("month") String month) {
        return breakdown("csm", month);
    }

    /** Every month's tenant metrics, oldest first (for trends). */
    @GET
    @Path("/metrics/history")
    public List<TenantMetrics> history() {
        Snapshots.Status status = snapshots.status().orElseThrow(() -> new NotFoundException(NO_DATA));
        return snapshots.history(status.firstMonth(), status.reportingMonth());
    }

    /** The tenant's latest recalculation: status (pending, running, done, failed), progress, phase, times, error. */
    @GET
    @Path("/recalculation")
    public Snapshots.Recalculation recalculation() {
        return snapshots.latestRecalculation()
                .orElseThrow(() -> new NotFoundException("No recalculation has been requested yet."));
    }

    @GET
    @Path("/cohorts")
    public List<Cohort> cohorts() {
        return snapshots.cohorts().orElseThrow(() -> new NotFoundException(NO_DATA));
    }

    @GET
    @Path("/health-accuracy")
    public HealthAccuracy healthAccuracy() {
        return snapshots.healthAccuracy().orElseThrow(() -> new NotFoundException(NO_DATA));
    }

    @GET
    @Path("/csm-load")
    public CsmLoad csmLoad() {
        return snapshots.csmLoad().orElseThrow(() -> new NotFoundException(NO_DATA));
    }

    private List<Breakdown> breakdown(String scope, String month) {
        YearMonth which = month(month);
        Map<String, TenantMetrics> rows = snapshots.scope(scope, which);
        if (rows.isEmpty()) {
            throw new NotFoundException(which == null ? NO_DATA : "No metrics for " + which + ": " + range());
        }
        return rows.entrySet().stream().map(e -> new Breakdown(e.getKey(), e.getValue())).toList();
    }

    private String range() {
        return monthsWithData().orElse(NO_DATA);
    }

    private Optional<String> monthsWithData() {
        return snapshots.status().map(s -> "months with data are " + s.firstMonth() + " to " + s.reportingMonth());
    }

    private YearMonth month(String month) {
        if (month == null || month.isBlank()) {
            return null;
        }
        try {
            return parseMonth(month);
        } catch (DateTimeParseException e) {
            // of the form but no month (2026-13): said so, with the months there are, not asked for the form it has
            throw new BadRequestException(shaped(month) ? month + " is not a real month"
                    + monthsWithData().map(range -> "; " + range).orElse("") : "month must be YYYY-MM, e.g. 2026-03");
        }
    }

    /** {@code YYYY-MM} with a four-digit year: YearMonth also reads "+5874898-01", which PostgreSQL cannot hold. */
    static YearMonth parseMonth(String month) {
        if (!shaped(month)) {
            throw new DateTimeParseException("not YYYY-MM", month, 0);
        }
        return YearMonth.parse(month);
    }
    /** Of the form {@code YYYY-MM} (four digits, a dash, two), whether or not the month exists: "2026-13" is. */
    static boolean shaped(String month) {
        return month != null && month.matches("[0-9]{4}-[0-9]{2}");
    }

}
