package dev.bellwether.metrics;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.bellwether.metrics.calc.Slice;
import dev.bellwether.metrics.calc.SliceRow;
import dev.bellwether.metrics.calc.TenantMetrics;
import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.InvalidFields;
import dev.bellwether.platform.Text;

/**
 * docs/api.md, Analytics: breakdowns of the book by an account attribute and the churn drivers
 * with the suggested weights, read from the latest recalculation. All roles; the tenant's own data only.
 */
@Path("/api/v1")
@RolesAllowed({ "admin", "executive", "csm" })
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsApi {

    private static final String NO_DATA =
            "No metrics yet: they appear once MRR data has been imported and recalculated.";

    @Inject
    Snapshots snapshots;

    @Inject
    ChurnDriverService drivers;

    /** {@code ?by=segment|industry|plan|csm|tenure&month=YYYY-MM} (the reporting month by default). */
    @GET
    @Path("/breakdown")
    public Response breakdown(@QueryParam("by") String by, @QueryParam("month") String month) {
        List<FieldError> errors = new ArrayList<>();
        Optional<Slice> slice = Slice.of(by == null ? "" : by);
        if (slice.isEmpty()) {
            errors.add(new FieldError("by", (by == null || by.isBlank() ? "by is required" : "by cannot be \""
                    + abbreviate(by) + "\"") + ": it must be one of " + Arrays.stream(Slice.values()).map(Slice::key)
                            .collect(Collectors.joining(", "))));
        }
        Snapshots.Status status = snapshots.status().orElse(null);
        YearMonth which = status == null ? null : status.reportingMonth();
        if (month != null && !month.isBlank()) {
            which = parse(month, status, errors);
        }
        if (!errors.isEmpty()) {
            return InvalidFields.response(errors);
        }
        if (status == null) {
            throw new NotFoundException(NO_DATA);
        }
        Map<String, TenantMetrics> slices = snapshots.slices(slice.get(), which);
        return Response.ok(slices.entrySet().stream().map(e -> SliceRow.of(e.getKey(), e.getValue())).toList())
                .build();
    }

    /** {@code {measures, components, health, suggestion}} (docs/metrics.md, Churn drivers). */
    @GET
    @Path("/churn-drivers")
    public ChurnDriverService.Answer churnDrivers() {
        return drivers.current().orElseThrow(() -> new NotFoundException(NO_DATA));
    }

    /** A month of the tenant's data, or null with the reason added to {@code errors}. */
    static YearMonth parse(String month, Snapshots.Status status, List<FieldError> errors) {
        YearMonth parsed;
        try {
            parsed = MetricsApi.parseMonth(month);
        } catch (DateTimeParseException e) {
            // of the form but no month (2026-13): said so, not asked for the form it has
            errors.add(new FieldError("month", (MetricsApi.shaped(month) ? month + " is not a real month"
                    : "month must be YYYY-MM, e.g. 2026-03, not \"" + abbreviate(month) + "\"")
                    + (status == null ? "" : "; months with data are " + status.firstMonth() + " to "
                            + status.reportingMonth())));
            return null;
        }
        if (status != null && (parsed.isBefore(status.firstMonth()) || parsed.isAfter(status.reportingMonth()))) {
            errors.add(new FieldError("month", "no figures for " + parsed + ": months with data are "
                    + status.firstMonth() + " to " + status.reportingMonth()));
            return null;
        }
        return parsed;
    }

    /** Cut at 40 characters, never inside one (an emoji cut in two is not JSON a strict reader takes). */
    private static String abbreviate(String value) {
        return Text.abbreviate(value, 40);
    }
}
