package dev.bellwether.metrics;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * them again every coalescing period. {@code driver_sample_written_by} names the run that wrote the
 * sample: the suggested weights worked out from it hold until it changes ({@link ChurnDriverService}).
 */
final class TenantSnapshotRow {

    /**
     * A document column: its name, how it is bound ({@code ?} with its cast), its value in a result and
     * what is stored of a value (JSON text, or the sample's bytes).
     */
    private record Document(String column, String placeholder, Function<MetricsEngine.Result, Object> value,
            Function<Object, Object> stored) {
    }

    private static final String SAMPLE = "driver_sample";

    private final List<Document> documents;

    /** {@code json} writes a value as the JSON text its column stores. */
    TenantSnapshotRow(Function<Object, String> json) {
        Function<Object, Object> text = json::apply;
        documents = List.of(new Document("cohorts", "?::jsonb", MetricsEngine.Result::cohorts, text),
                new Document("health_accuracy", "?::jsonb", MetricsEngine.Result::accuracy, text),
                new Document("csm_load", "?::jsonb", MetricsEngine.Result::csmLoad, text),
                new Document("churn_drivers", "?::jsonb", MetricsEngine.Result::drivers, text),
                new Document(SAMPLE, "?", MetricsEngine.Result::driverSample,
                        sample -> ((DriverSample) sample).encode()));
    }

    /** Writes the row whole, in place of the tenant's row if it has one. */
    void upsert(Connection connection, String tenant, MetricsEngine.Result result, int modelVersion,
            long recalculationId) {
        List<Object> parameters = new ArrayList<>(List.of(tenant, reportingMonth(result), firstMonth(result),
                recalculationId, modelVersion, recalculationId));
        List<String> names = new ArrayList<>();
        List<String> placeholders = new ArrayList<>();
        List<String> updates = new ArrayList<>();
        for (Document document : documents) {
            names.add(document.column());
            placeholders.add(document.placeholder());
            updates.add(document.column() + " = excluded." + document.column());
            parameters.add(document.stored().apply(document.value().apply(result)));
        }
        Sql.update(connection, """
                insert into tenant_snapshot (tenant_id, reporting_month, first_month, computed_at, recalculation_id,
                                             model_version, driver_sample_written_by, %s)
                values (?, ?, ?, now(), ?, ?, ?, %s)
                on conflict (tenant_id) do update set reporting_month = excluded.reporting_month,
                  first_month = excluded.first_month, computed_at = excluded.computed_at,
                  recalculation_id = excluded.recalculation_id, model_version = excluded.model_version,
                  driver_sample_written_by = excluded.driver_sample_written_by, %s"""
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
        for (Map.Entry<Document, Object> changed : changed(result, previous).entrySet()) {
            set.append(", ").append(changed.getKey().column()).append(" = ").append(changed.getKey().placeholder());
            parameters.add(changed.getValue());
            if (changed.getKey().column().equals(SAMPLE)) {
                set.append(", driver_sample_written_by = ?");
                parameters.add(recalculationId);
            }
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
        return changed(result, previous).keySet().stream().map(Document::column).toList();
    }

    /**
     * The documents of {@code result} that differ from {@code previous}'s, with what is stored of each: a
     * document the run took over from the previous one is the same object; the others are compared as
     * stored (the sample value for value, without encoding it).
     */
    private Map<Document, Object> changed(MetricsEngine.Result result, MetricsEngine.Result previous) {
        Map<Document, Object> changed = new LinkedHashMap<>();
        for (Document document : documents) {
            Object now = document.value().apply(result);
            Object then = document.value().apply(previous);
            if (now == then || now instanceof DriverSample sample && sample.sameAs((DriverSample) then)) {
                continue;
            }
            Object stored = document.stored().apply(now);
            if (now instanceof DriverSample || !stored.equals(document.stored().apply(then))) {
                changed.put(document, stored);
            }
        }
        return changed;
    }

    private static Object reportingMonth(MetricsEngine.Result result) {
        return result.months().month(result.reportingMonth()).atDay(1);
    }

    private static Object firstMonth(MetricsEngine.Result result) {
        return result.months().month(0).atDay(1);
    }
}
