package dev.bellwether.metrics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.metrics.calc.ChurnDrivers;
import dev.bellwether.metrics.calc.Cohort;
import dev.bellwether.metrics.calc.CsmLoad;
import dev.bellwether.metrics.calc.HealthAccuracy;
import dev.bellwether.metrics.calc.MetricsEngine;
import dev.bellwether.metrics.calc.Slice;
import dev.bellwether.metrics.calc.TenantMetrics;
import dev.bellwether.platform.Text;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Row;

/**
 * Reads the current tenant's snapshots: what the latest recalculation wrote. Nothing here
 * recomputes; pages and the API answer from these rows.
 */
@ApplicationScoped
public class Snapshots {

    /** The tenant's latest recalculation: its reporting month, first month, when, and with which model. */
    public record Status(YearMonth reportingMonth, YearMonth firstMonth, Instant computedAt, int modelVersion) {
    }

    @Inject
    Database database;

    @Inject
    ObjectMapper json;

    public Optional<Status> status() {
        return database.query(
                "select reporting_month, first_month, computed_at, model_version from tenant_snapshot",
                Snapshots::status).stream().filter(Objects::nonNull).findFirst();
    }

    /** The last day the figures cover (the end of the month with the latest data); empty without figures. */
    public Optional<LocalDate> lastDay() {
        return status().map(status -> status.reportingMonth().atEndOfMonth());
    }

    /**
     * The version of everything the pages read: it changes when a recalculation finishes, an
     * import is applied, a data-feed round changes something, a person acts on an alert, sets or removes a band
     * override or logs a note or a call on an account, and at midnight UTC
     * (when overrides expire). Empty when the tenant has no figures.
     */
    public Optional<String> version() {
        return database.first("select " + VERSION + " as version from tenant_snapshot s", row -> row.string("version"));
    }

    /** {@link #version()} of the row {@code s} of {@code tenant_snapshot}: null without one. */
    private static final String VERSION = """
            s.computed_at || '|' || coalesce(s.alerts_changed_at::text, '-') || '|'
            || coalesce(s.overrides_changed_at::text, '-') || '|' || coalesce(s.feed_changed_at::text, '-')
            || '|' || coalesce(s.notes_changed_at::text, '-')
            || '|' || (now() at time zone 'UTC')::date
            || '|'
            || coalesce((select max(finished_at)::text from import_batch where status = 'applied'), '-')
            """;

    /**
     * The request the badge and the API show: the one running, if any, else the newest. A request queued while one
     * runs (a feed round's, a note's) is newer, but would hide the running one's progress behind its 0 %. One runs at
     * a time and one waits (V2's {@code recalculation_one_pending}), so the running one is among the newest two.
     */
    private static final String LATEST = "select * from (select * from recalculation order by id desc limit 2) newest"
            + " order by status = 'running' desc, id desc limit 1";

    /**
     * The tenant's latest recalculation request. Its id is kept out of the API's JSON: recalculations are numbered
     * by one sequence across organisations, so it would count the others' imports and events.
     */
    public record Recalculation(@JsonIgnore long id, String status, int progress, String phase, String reason,
            Instant requestedAt, Instant startedAt, Instant finishedAt, String error) {
    }

    /**
     * What a page's freshness badge shows, the figures' status and the latest recalculation, and the {@link #version()}
     * of what the pages show; any may be absent.
     */
    public record Freshness(Optional<Status> status, Optional<Recalculation> latest, Optional<String> version) {
    }

    /**
     * {@link #status()}, {@link #latestRecalculation()} and {@link #version()} in one statement: every page's
     * layout shows the first two, the pages kept per version need the third, and each statement costs a page a
     * round trip to set the connection's tenant and one to run it (more, on a machine busy with other work).
     */
    public Freshness freshness() {
        return database.one(FRESHNESS, Snapshots::freshness);
    }

    /**
     * The select of {@link #freshness()}: one row, whatever the tenant has. A page's request reads it with its
     * tenant's admission ({@code web.Freshness}), in the same statement.
     */
    public static final String FRESHNESS = "select s.reporting_month, s.first_month, s.computed_at, s.model_version,"
            + " r.id, r.status, r.progress, r.phase, r.reason, r.requested_at, r.started_at, r.finished_at, r.error, "
            + VERSION + " as version from (select 1) as one left join tenant_snapshot s on true"
            + " left join lateral (" + LATEST + ") r on true";

    /** A row of {@link #FRESHNESS}. */
    public static Freshness freshness(Row row) {
        return new Freshness(Optional.ofNullable(status(row)),
                row.nullableLong("id") == null ? Optional.empty() : Optional.of(recalculation(row)),
                Optional.ofNullable(row.string("version")));
    }

    private static Status status(Row row) {
        return row.localDate("reporting_month") == null ? null
                : new Status(YearMonth.from(row.localDate("reporting_month")),
                        YearMonth.from(row.localDate("first_month")), row.instant("computed_at"),
                        row.integer("model_version"));
    }

    private static Recalculation recalculation(Row row) {
        return new Recalculation(row.longValue("id"), row.string("status"), row.integer("progress"),
                row.string("phase"), row.string("reason"), row.instant("requested_at"), row.instant("started_at"),
                row.instant("finished_at"), row.string("error"));
    }

    public Optional<Recalculation> latestRecalculation() {
        return database.first("select id, status, progress, phase, reason, requested_at, started_at,"
                + " finished_at, error from (" + LATEST + ") r", Snapshots::recalculation);
    }

    /** The tenant's metrics of {@code month} (the reporting month when null). */
    public Optional<TenantMetrics> tenant(YearMonth month) {
        return scope("tenant", month).values().stream().findFirst();
    }

    /** Metrics of a month per segment or per CSM ({@code scope} segment or csm), keyed by segment or e-mail. */
    public Map<String, TenantMetrics> scope(String scope, YearMonth month) {
        Map<String, TenantMetrics> result = new LinkedHashMap<>();
        Optional<YearMonth> which = month != null ? Optional.of(month) : status().map(Status::reportingMonth);
        if (which.isEmpty()) {
            return result;
        }
        for (Map.Entry<String, TenantMetrics> row : database.query(
                "select scope_key, metrics from metric_snapshot where month = ? and scope = ? order by scope_key",
                r -> Map.entry(r.string("scope_key"), read(r.string("metrics"), TenantMetrics.class)),
                which.get().atDay(1), scope)) {
            result.put(row.getKey(), row.getValue());
        }
        return result;
    }

    /**
     * One attribute's slices of a month (the reporting month when null), keyed by slice in key order, code point
     * by code point: "Éducation" after "Software", as the contract's sample lists them (docs/metrics.md,
     * Breakdowns). CSM slices are stored under the per-CSM scope, where
     * accounts without a CSM are "(unassigned)"; a breakdown calls that slice "(none)".
     */
    public Map<String, TenantMetrics> slices(Slice by, YearMonth month) {
        Map<String, TenantMetrics> slices = new java.util.TreeMap<>(Text.CODE_POINT_ORDER);
        slices.putAll(scope(by.key(), month));
        if (by == Slice.CSM && slices.containsKey(MetricsEngine.NO_CSM)) {
            slices.put(Slice.NONE, slices.remove(MetricsEngine.NO_CSM));
        }
        return slices;
    }

    /** The churn drivers of the latest recalculation; empty before any (or before they existed). */
    public Optional<ChurnDrivers.Report> churnDrivers() {
        return database.query("select churn_drivers from tenant_snapshot where churn_drivers is not null",
                row -> read(row.string("churn_drivers"), ChurnDrivers.Report.class)).stream().findFirst();
    }

    /**
     * The version of the stored driver sample: the recalculation that wrote it (a run that left it as
     * it was keeps it; V31).
     */
    public Optional<Long> driverSampleVersion() {
        return database.first("select coalesce(driver_sample_written_by, recalculation_id) as version"
                + " from tenant_snapshot", row -> row.longValue("version"));
    }

    /** A stored driver sample and its version ({@link #driverSampleVersion}). */
    public record VersionedSample(long version, byte[] sample) {
    }

    /**
     * The suggested-weights search's sample, as stored by the latest recalculation that changed it, with its version
     * read in the same statement: a recalculation committing between two reads cannot pair one with the other.
     */
    public Optional<VersionedSample> driverSample() {
        return database.first("select coalesce(driver_sample_written_by, recalculation_id) as version, driver_sample"
                + " from tenant_snapshot where driver_sample is not null",
                row -> new VersionedSample(row.longValue("version"), row.bytes("driver_sample")));
    }

    /** The tenant's metrics for every month from {@code from} to {@code to}, oldest first. */
    public List<TenantMetrics> history(YearMonth from, YearMonth to) {
        return database.query(
                "select metrics from metric_snapshot where scope = 'tenant' and month between ? and ? order by month",
                row -> read(row.string("metrics"), TenantMetrics.class), from.atDay(1), to.atDay(1));
    }

    public Optional<List<Cohort>> cohorts() {
        return tenantJson("cohorts", new TypeReference<List<Cohort>>() {
        });
    }

    public Optional<HealthAccuracy> healthAccuracy() {
        return tenantJson("health_accuracy", new TypeReference<HealthAccuracy>() {
        });
    }

    public Optional<CsmLoad> csmLoad() {
        return tenantJson("csm_load", new TypeReference<CsmLoad>() {
        });
    }

    private <T> Optional<T> tenantJson(String column, TypeReference<T> type) {
        return database.query("select " + column + " from tenant_snapshot", row -> read(row.string(column), type))
                .stream().findFirst();
    }

    <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
