package dev.bellwether.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.bellwether.metrics.calc.Cohort;
import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.metrics.calc.TenantMetrics;
import dev.bellwether.web.charts.BarChart;
import dev.bellwether.web.charts.HeatmapChart;
import dev.bellwether.web.charts.LineChart;

/** The executive dashboard's charts, from a month's figures and the months before it. */
final class ExecutiveCharts {

    private ExecutiveCharts() {
    }

    /** The month's MRR movements from starting to ending MRR. */
    static BarChart waterfall(TenantMetrics m) {
        return BarChart.waterfall(
                List.of("Starting", "New", "Reactivation", "Expansion", "Contraction", "Churned", "Ending"),
                List.of(m.amount(MetricDefinition.STARTING_MRR), m.amount(MetricDefinition.NEW_MRR),
                        m.amount(MetricDefinition.REACTIVATION_MRR), m.amount(MetricDefinition.EXPANSION_MRR),
                        -m.amount(MetricDefinition.CONTRACTION_MRR),
                        -m.amount(MetricDefinition.CHURNED_MRR), m.amount(MetricDefinition.ENDING_MRR)));
    }

    /** NRR and GRR by month, with their targets as dashed lines. */
    static LineChart retention(List<TenantMetrics> series, List<KpiTargets.Target> targets) {
        List<LineChart.Target> lines = new ArrayList<>();
        for (KpiTargets.Target target : targets) {
            boolean retention = target.metric() == MetricDefinition.NRR || target.metric() == MetricDefinition.GRR;
            if (retention && target.target() != null) {
                String name = target.metric().key().toUpperCase(Locale.ROOT) + " target";
                lines.add(new LineChart.Target(name, target.target()));
            }
        }
        return new LineChart("%", null, series.stream().map(TenantMetrics::month).toList(),
                List.of(LineChart.Series.line("NRR", series.stream().map(t -> t.get(MetricDefinition.NRR)).toList()),
                        LineChart.Series.line("GRR", series.stream().map(t -> t.get(MetricDefinition.GRR)).toList())),
                lines);
    }

    /** Paying accounts per band. */
    static BarChart bands(TenantMetrics m) {
        return BarChart.bands(List.of("Healthy", "Needs attention", "At risk", "No score"),
                List.of(m.count(MetricDefinition.HEALTHY_ACCOUNTS), m.count(MetricDefinition.NEEDS_ATTENTION_ACCOUNTS),
                        m.count(MetricDefinition.AT_RISK_ACCOUNTS), m.count(MetricDefinition.UNSCORED_ACCOUNTS)));
    }

    /** Logo retention per cohort and month since its start, one decimal. */
    static HeatmapChart cohorts(List<Cohort> cohorts) {
        List<List<Number>> cells = new ArrayList<>();
        for (int y = 0; y < cohorts.size(); y++) {
            List<Double> logos = cohorts.get(y).logoRetention();
            for (int k = 0; k < logos.size(); k++) {
                if (logos.get(k) != null) {
                    cells.add(List.of(k, y, Math.round(logos.get(k) * 10) / 10.0));
                }
            }
        }
        return new HeatmapChart(cohorts.stream().map(c -> c.cohort() + " (" + c.accounts() + ")").toList(), cells);
    }
}
