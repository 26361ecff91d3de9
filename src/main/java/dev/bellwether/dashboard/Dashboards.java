package dev.bellwether.dashboard;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.metrics.Snapshots;
import dev.bellwether.metrics.calc.Cohort;
import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.metrics.calc.TenantMetrics;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.web.ChartData;
import dev.bellwether.web.Figure;
import dev.bellwether.web.VersionedCache;

/** Builds the executive dashboard's view of a month from the snapshots. */
@ApplicationScoped
public class Dashboards {

    static final int TREND_MONTHS = 12;

    @Inject
    Snapshots snapshots;

    @Inject
    KpiTargets targets;

    @Inject
    ChartData charts;

    /** Dashboards built, per tenant and month, kept until a recalculation or a target changes them. */
    private final VersionedCache<ExecutiveView> views = new VersionedCache<>(256);

    /**
     * The dashboard of {@code month} (the reporting month when null); empty when the tenant has no
     * figures. Snapshots only change when a recalculation finishes, so a built dashboard is reused
     * until the tenant's figures (their computation time) or targets change.
     */
    public Optional<ExecutiveView> executive(YearMonth requested, String currency) {
        Optional<Snapshots.Status> status = snapshots.status();
        if (status.isEmpty()) {
            return Optional.empty();
        }
        YearMonth month = requested == null ? status.get().reportingMonth() : requested;
        if (month.isBefore(status.get().firstMonth()) || month.isAfter(status.get().reportingMonth())) {
            month = status.get().reportingMonth();
        }
        List<KpiTargets.Target> targetList = targets.all();
        YearMonth chosen = month;
        return Optional.of(views.get(TenantContext.require() + "|" + month,
                status.get().computedAt() + "|" + currency + "|" + targetList,
                () -> build(status.get(), chosen, currency, targetList)));
    }

    private ExecutiveView build(Snapshots.Status status, YearMonth month, String currency, List<KpiTargets.Target> targetList) {
        YearMonth from = month.minusMonths(TREND_MONTHS - 1).isBefore(status.firstMonth()) ? status.firstMonth()
                : month.minusMonths(TREND_MONTHS - 1);
        List<TenantMetrics> series = snapshots.history(from, month);
        TenantMetrics current = series.get(series.size() - 1);
        TenantMetrics previous = series.size() > 1 ? series.get(series.size() - 2) : null;
        List<ExecutiveView.Tile> tiles = new ArrayList<>();
        for (KpiTargets.Target target : targetList) {
            tiles.add(tile(target, series, current, previous, currency));
        }
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = status.reportingMonth(); !m.isBefore(status.firstMonth()); m = m.minusMonths(1)) {
            months.add(m);
        }
        List<Figure> more = new ArrayList<>();
        for (MetricDefinition d : List.of(MetricDefinition.ENDING_MRR, MetricDefinition.ACTIVE_ACCOUNTS,
                MetricDefinition.ARPA, MetricDefinition.CLV, MetricDefinition.T12_NRR, MetricDefinition.T12_GRR,
                MetricDefinition.EXPANSION_RATE, MetricDefinition.UPSELL_RATE, MetricDefinition.CSAT, MetricDefinition.CES,
                MetricDefinition.RENEWAL_RATE, MetricDefinition.EXPANSION_PIPELINE, MetricDefinition.CONTACT_RATE,
                MetricDefinition.OVERDUE_QBRS, MetricDefinition.UNANSWERED_TICKETS, MetricDefinition.TIME_TO_RESOLUTION,
                MetricDefinition.FCR, MetricDefinition.TTFV, MetricDefinition.ACTIVATION_RATE)) {
            more.add(Figure.of(d, value(current, d), currency));
        }
        return new ExecutiveView(month, months, status.computedAt(), tiles,
                charts.of(waterfall(current)), charts.of(retention(series, targetList)), charts.of(bands(current)),
                charts.of(cohorts(snapshots.cohorts().orElse(List.of()))),
                breakdown(snapshots.scope("segment", month), currency), breakdown(snapshots.scope("csm", month), currency),
                more);
    }

    private ExecutiveView.Tile tile(KpiTargets.Target target, List<TenantMetrics> series, TenantMetrics current,
            TenantMetrics previous, String currency) {
        MetricDefinition d = target.metric();
        Double now = value(current, d);
        Double before = previous == null ? null : value(previous, d);
        String change = null;
        String trend = null;
        boolean good = false;
        if (now != null && before != null) {
            double delta = now - before;
            trend = Math.abs(delta) < 1e-9 ? "flat" : delta > 0 ? "up" : "down";
            good = KpiTargets.atMost(d) ? delta <= 0 : delta >= 0;
            change = (delta > 0 ? "+" : delta < 0 ? "−" : "±") + (d.unit() == MetricDefinition.Unit.MONEY
                    ? Figure.moneyShort(Math.abs(delta), currency)
                    : Figure.format(Math.abs(delta), d.unit() == MetricDefinition.Unit.PERCENT ? MetricDefinition.Unit.SCORE
                            : d.unit(), currency) + (d.unit() == MetricDefinition.Unit.PERCENT ? " pts" : ""));
        }
        List<String> labels = series.stream().map(TenantMetrics::month).toList();
        List<Double> values = series.stream().map(m -> value(m, d)).toList();
        Map<String, Object> spark = new LinkedHashMap<>();
        spark.put("type", "sparkline");
        spark.put("labels", labels);
        spark.put("values", values);
        spark.put("target", target.target());
        spark.put("unit", d.unit().name());
        String targetDisplay = target.target() == null ? null
                : (target.atMost() ? "≤ " : "≥ ") + (d.unit() == MetricDefinition.Unit.MONEY ? Figure.moneyShort(target.target(), currency)
                        : Figure.format(target.target(), d.unit(), currency));
        Figure figure = Figure.of(d, now, currency);
        if (d == MetricDefinition.ARR && now != null) {
            figure = new Figure(figure.key(), figure.label(), now, Figure.moneyShort(now, currency), figure.undefinedWhen(),
                    figure.explanation(), figure.formula());
        }
        return new ExecutiveView.Tile(figure, targetDisplay, target.met(now), change, trend, good,
                previous == null ? null : YearMonth.parse(previous.month()).getMonth().getDisplayName(
                        java.time.format.TextStyle.SHORT, java.util.Locale.US),
                charts.of(spark));
    }

    /** A metric's value in a month's figures. */
    Double value(TenantMetrics metrics, MetricDefinition definition) {
        return metrics.get(definition);
    }

    private static Map<String, Object> waterfall(TenantMetrics m) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", "waterfall");
        chart.put("labels", List.of("Starting", "New", "Reactivation", "Expansion", "Contraction", "Churned", "Ending"));
        chart.put("values", List.of(m.amount(MetricDefinition.STARTING_MRR), m.amount(MetricDefinition.NEW_MRR),
                m.amount(MetricDefinition.REACTIVATION_MRR), m.amount(MetricDefinition.EXPANSION_MRR),
                -m.amount(MetricDefinition.CONTRACTION_MRR), -m.amount(MetricDefinition.CHURNED_MRR),
                m.amount(MetricDefinition.ENDING_MRR)));
        return chart;
    }

    private static Map<String, Object> retention(List<TenantMetrics> series, List<KpiTargets.Target> targets) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", "lines");
        chart.put("unit", "%");
        chart.put("labels", series.stream().map(TenantMetrics::month).toList());
        chart.put("series", List.of(
                Map.of("name", "NRR", "values", series.stream().map(t -> t.get(MetricDefinition.NRR)).toList()),
                Map.of("name", "GRR", "values", series.stream().map(t -> t.get(MetricDefinition.GRR)).toList())));
        List<Map<String, Object>> lines = new ArrayList<>();
        for (KpiTargets.Target target : targets) {
            if ((target.metric() == MetricDefinition.NRR || target.metric() == MetricDefinition.GRR) && target.target() != null) {
                lines.add(Map.of("name", target.metric().key().toUpperCase(java.util.Locale.ROOT) + " target", "value",
                        target.target()));
            }
        }
        chart.put("targets", lines);
        return chart;
    }

    private static Map<String, Object> bands(TenantMetrics m) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", "bands");
        chart.put("labels", List.of("Healthy", "Needs attention", "At risk", "No score"));
        chart.put("values", List.of(m.count(MetricDefinition.HEALTHY_ACCOUNTS),
                m.count(MetricDefinition.NEEDS_ATTENTION_ACCOUNTS), m.count(MetricDefinition.AT_RISK_ACCOUNTS),
                m.count(MetricDefinition.UNSCORED_ACCOUNTS)));
        return chart;
    }

    private static Map<String, Object> cohorts(List<Cohort> cohorts) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", "heatmap");
        chart.put("cohorts", cohorts.stream().map(c -> c.cohort() + " (" + c.accounts() + ")").toList());
        List<List<Object>> cells = new ArrayList<>();
        for (int y = 0; y < cohorts.size(); y++) {
            List<Double> logos = cohorts.get(y).logoRetention();
            for (int k = 0; k < logos.size(); k++) {
                if (logos.get(k) != null) {
                    cells.add(List.of(k, y, Math.round(logos.get(k) * 10) / 10.0));
                }
            }
        }
        chart.put("cells", cells);
        return chart;
    }

    private List<ExecutiveView.BreakdownRow> breakdown(Map<String, TenantMetrics> rows, String currency) {
        return rows.entrySet().stream().map(e -> new ExecutiveView.BreakdownRow(e.getKey(),
                e.getValue().count(MetricDefinition.ACTIVE_ACCOUNTS),
                Figure.of(MetricDefinition.ARR, e.getValue().get(MetricDefinition.ARR), currency),
                Figure.of(MetricDefinition.PERCENT_HEALTHY, e.getValue().get(MetricDefinition.PERCENT_HEALTHY), currency),
                Figure.of(MetricDefinition.NRR, e.getValue().get(MetricDefinition.NRR), currency))).toList();
    }
}
