package dev.bellwether.metrics;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import dev.bellwether.metrics.calc.DriverSample;
import dev.bellwether.metrics.calc.MetricsEngine;
import dev.bellwether.platform.sql.Sql;

/**
 * The tenant's own row of {@code tenant_snapshot}: the reporting month, the run and model that made
 * it, and the documents worked out from the whole book (cohorts, the backtest, the CSMs' load, the
 * churn drivers and their sample). A run on its own writes the row whole. A run that builds on the
 * previous one, whose results the row holds, writes only the documents that differ from that run's:
 * an events feed's round changes nothing of the book before M − 3, so it leaves the backtest, the
 * churn drivers and their sample (1.3 MB stored at 10,000 accounts) as they are instead of writing
 * them again every coalescing period.
 */
final class TenantSnapshotRow {

    /** A document column: its name, how it is bound ({@code ?} with its cast) and its value in a result. */
    private record Document(String column, String placeholder, Function<MetricsEngine.Result, Object> value) {
    }

    private final List<Document> documents;

    /** {@code json} writes a value as the JSON text its column stores. */
    TenantSnapshotRow(Function<Object, String> json) {
        documents = List.of(new Document("cohorts", "?::jsonb", r -> json.apply(r.cohorts())),
                new Document("health_accuracy", "?::jsonb", r -> json.apply(r.accuracy())),
                new Document("csm_load", "?::jsonb", r -> json.apply(r.csmLoad())),
                new Document("churn_drivers", "?::jsonb", r -> json.apply(r.drivers())),
                new Document("driver_sample", "?", MetricsEngine.Result::driverSample));
    }

    /** Writes the row whole, in place of the tenant's row if it has one. */
    void upsert(Connection connection, String tenant, MetricsEngine.Result result, int modelVersion,
            long recalculationId) {
        List<Object> parameters = new ArrayList<>(List.of(tenant, reportingMonth(result), firstMonth(result),
                recalculationId, modelVersion));
        List<String> names = new ArrayList<>();
        List<String> placeholders = new ArrayList<>();
        List<String> updates = new ArrayList<>();
        for (Document document : documents) {
            names.add(document.column());
            placeholders.add(document.placeholder());
            updates.add(document.column() + " = excluded." + document.column());
            parameters.add(bound(document.value().apply(result)));
        }
        Sql.update(connection, """
                insert into tenant_snapshot (tenant_id, reporting_month, first_month, computed_at, recalculation_id,
                                             model_version, %s)
                values (?, ?, ?, now(), ?, ?, %s)
                on conflict (tenant_id) do update set reporting_month = excluded.reporting_month,
                  first_month = excluded.first_month, computed_at = excluded.computed_at,
                  recalculation_id = excluded.recalculation_id, model_version = excluded.model_version, %s"""
                .formatted(String.join(", ", names), String.join(", ", placeholders), String.join(", ", updates)),
                parameters.toArray());
    }

    /**
     * Writes the run's month, time and request, and of the documents only those that differ from
     * {@code previous}'s, which the tenant's row holds (the caller guarantees it). Writes the row whole
     * if the tenant has none.
     */
    void update(Connection connection, String tenant, MetricsEngine.Result result, MetricsEngine.Result previous,
            int modelVersion, long recalculationId) {
        List<Object> parameters = new ArrayList<>(List.of(reportingMonth(result), firstMonth(result),
                recalculationId, modelVersion));
        StringBuilder set = new StringBuilder();
        for (Document document : changed(result, previous)) {
            set.append(", ").append(document.column()).append(" = ").append(document.placeholder());
            parameters.add(bound(document.value().apply(result)));
        }
        parameters.add(tenant);
        int updated = Sql.update(connection, """
                update tenant_snapshot set reporting_month = ?, first_month = ?, computed_at = now(),
                  recalculation_id = ?, model_version = ?%s
                where tenant_id = ?""".formatted(set), parameters.toArray());
        if (updated == 0) {
            upsert(connection, tenant, result, modelVersion, recalculationId);
        }
    }

    /** The documents of {@code result} that differ from {@code previous}'s. */
    List<String> changedColumns(MetricsEngine.Result result, MetricsEngine.Result previous) {
        return changed(result, previous).stream().map(Document::column).toList();
    }

    private List<Document> changed(MetricsEngine.Result result, MetricsEngine.Result previous) {
        List<Document> changed = new ArrayList<>();
        for (Document document : documents) {
            Object now = document.value().apply(result);
            Object then = document.value().apply(previous);
            boolean same = now instanceof DriverSample sample ? then instanceof DriverSample old && sample.sameAs(old)
                    : Objects.equals(now, then);
            if (!same) {
                changed.add(document);
            }
        }
        return changed;
    }

    private static Object bound(Object value) {
        return value instanceof DriverSample sample ? sample.encode() : value;
    }

    private static Object reportingMonth(MetricsEngine.Result result) {
        return result.months().month(result.reportingMonth()).atDay(1);
    }

    private static Object firstMonth(MetricsEngine.Result result) {
        return result.months().month(0).atDay(1);
    }
}
