package dev.bellwether.dashboard;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.bellwether.metrics.calc.Cohort;
import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.metrics.calc.TenantMetrics;
import dev.bellwether.web.Figure;
import dev.bellwether.web.Formats;
import dev.bellwether.web.charts.BarChart;
import dev.bellwether.web.charts.ChartText;
import dev.bellwether.web.charts.LineChart;

/**
 * The executive dashboard's charts, from a month's figures and the months before it, each with its
 * text alternative (a sentence and the numbers as a table).
 */
final class ExecutiveCharts {

    private static final List<String> MOVEMENTS =
            List.of("Starting", "New", "Reactivation", "Expansion", "Contraction", "Churned", "Ending");
    private static final List<String> BANDS = List.of("Healthy", "Needs attention", "At risk", "No score");
    /** The cohorts' numbers in tables of a year each: 24 months in one scroll sideways on a desktop. */
    private static final int MONTHS_PER_TABLE = 12;

    private ExecutiveCharts() {
    }

    /**
     * The month's MRR movements from starting to ending MRR: charts.js draws starting and ending MRR
     * on an axis from zero and the movements as floating bars on their own axis, each labelled.
     */
    static BarChart waterfall(TenantMetrics m) {
        return BarChart.waterfall(MOVEMENTS, movements(m));
    }

    private static List<Double> movements(TenantMetrics m) {
        return List.of(m.amount(MetricDefinition.STARTING_MRR), m.amount(MetricDefinition.NEW_MRR),
                m.amount(MetricDefinition.REACTIVATION_MRR), m.amount(MetricDefinition.EXPANSION_MRR),
                -m.amount(MetricDefinition.CONTRACTION_MRR), -m.amount(MetricDefinition.CHURNED_MRR),
                m.amount(MetricDefinition.ENDING_MRR));
    }

    /** "MRR went from $X to $Y (net −$Z): new +$…, …", and each movement as a row. */
    static ChartText waterfallText(TenantMetrics m, String currency) {
        List<Double> values = movements(m);
        double start = values.get(0);
        double end = values.get(values.size() - 1);
        StringBuilder summary = new StringBuilder("MRR went from ").append(Figure.money(start, currency))
                .append(" to ").append(Figure.money(end, currency)).append(" (net ")
                .append(signedMoney(end - start, currency)).append("): ");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(MOVEMENTS.get(0), Figure.money(start, currency)));
        for (int i = 1; i < values.size() - 1; i++) {
            String amount = signedMoney(values.get(i), currency);
            summary.append(i > 1 ? ", " : "").append(MOVEMENTS.get(i).toLowerCase(Locale.ROOT)).append(' ')
                    .append(amount);
            rows.add(List.of(MOVEMENTS.get(i), amount));
        }
        rows.add(List.of(MOVEMENTS.get(values.size() - 1), Figure.money(end, currency)));
        rows.add(List.of("Net change", signedMoney(end - start, currency)));
        return new ChartText(summary.append('.').toString(), List.of("Movement", "MRR"), rows);
    }

    /**
     * NRR and GRR by month, with their targets as dashed lines; the percent axis holds every value
     * and target (so a target is always drawn) and says where it starts when that is not zero.
     */
    static LineChart retention(List<TenantMetrics> series, List<KpiTargets.Target> targets) {
        List<LineChart.Target> lines = retentionTargets(targets);
        // rounded as the tiles and the chart's table round them (the browser rounds 96.85 up, Figure down: it is
        // 96.8499… in binary)
        List<Double> nrr = series.stream().map(t -> oneDecimal(t.get(MetricDefinition.NRR))).toList();
        List<Double> grr = series.stream().map(t -> oneDecimal(t.get(MetricDefinition.GRR))).toList();
        List<Double> all = new ArrayList<>(nrr);
        all.addAll(grr);
        lines.forEach(t -> all.add(t.value()));
        double[] range = LineChart.range(all, 5, 20);
        return new LineChart("%", null, series.stream().map(TenantMetrics::month).toList(),
                List.of(LineChart.Series.line("NRR", nrr), LineChart.Series.line("GRR", grr)), lines, range[0],
                range[1]);
    }

    private static Double oneDecimal(Double value) {
        return value == null ? null : Figure.rounded(value, 1);
    }

    private static List<LineChart.Target> retentionTargets(List<KpiTargets.Target> targets) {
        List<LineChart.Target> lines = new ArrayList<>();
        for (KpiTargets.Target target : targets) {
            boolean retention = target.metric() == MetricDefinition.NRR || target.metric() == MetricDefinition.GRR;
            if (retention && target.target() != null) {
                String name = target.metric().key().toUpperCase(Locale.ROOT) + " target";
                // at the value the tile reads (96.85 reads "96.8 %" there; the browser's own rounding said 96.9)
                lines.add(new LineChart.Target(name, oneDecimal(target.target())));
            }
        }
        return lines;
    }

    /**
     * "In October 2026 NRR was 96.8 % (target 110.0 %) and GRR 95.1 %. The axis starts at 90.0 %, not 0.", and a
     * row per month.
     */
    static ChartText retentionText(List<TenantMetrics> series, List<KpiTargets.Target> targets) {
        LineChart chart = retention(series, targets);
        TenantMetrics last = series.get(series.size() - 1);
        StringBuilder summary = new StringBuilder("In ").append(Formats.label(YearMonth.parse(last.month())));
        if (last.get(MetricDefinition.NRR) == null && last.get(MetricDefinition.GRR) == null) {
            // the first month of data, or one after a month nothing was paid: a rate with nothing to divide by
            summary.append(" NRR and GRR have no figure: no account paid the month before.");
        } else {
            summary.append(" NRR was ").append(percent(last.get(MetricDefinition.NRR))).append(target(chart,
                    "NRR target")).append(" and GRR ").append(percent(last.get(MetricDefinition.GRR)))
                    .append(target(chart, "GRR target")).append('.');
        }
        if (chart.axisMin() != null && chart.axisMin() > 0) {
            summary.append(" The axis starts at ").append(percent(chart.axisMin())).append(", not 0.");
        }
        List<List<String>> rows = new ArrayList<>();
        for (TenantMetrics t : series) {
            rows.add(List.of(t.month(), percent(t.get(MetricDefinition.NRR)), percent(t.get(MetricDefinition.GRR))));
        }
        return new ChartText(summary.toString(), List.of("Month", "NRR", "GRR"), rows);
    }

    private static String target(LineChart chart, String name) {
        return chart.targets().stream().filter(t -> t.name().equals(name)).findFirst()
                .map(t -> " (target " + percent(t.value()) + ")").orElse("");
    }

    /** Paying accounts per band. */
    static BarChart bands(TenantMetrics m) {
        return BarChart.bands(BANDS, bandCounts(m));
    }

    private static List<Integer> bandCounts(TenantMetrics m) {
        return List.of(m.count(MetricDefinition.HEALTHY_ACCOUNTS), m.count(MetricDefinition.NEEDS_ATTENTION_ACCOUNTS),
                m.count(MetricDefinition.AT_RISK_ACCOUNTS), m.count(MetricDefinition.UNSCORED_ACCOUNTS));
    }

    /** "Of 412 paying accounts, 250 are healthy, 100 need attention, 50 are at risk and 12 have no score." */
    static ChartText bandsText(TenantMetrics m) {
        List<Integer> counts = bandCounts(m);
        int total = counts.stream().mapToInt(Integer::intValue).sum();
        String summary = "Of " + grouped(total) + " paying " + (total == 1 ? "account" : "accounts") + ", "
                + grouped(counts.get(0)) + (counts.get(0) == 1 ? " is" : " are") + " healthy, "
                + grouped(counts.get(1)) + (counts.get(1) == 1 ? " needs" : " need") + " attention, "
                + grouped(counts.get(2)) + (counts.get(2) == 1 ? " is" : " are") + " at risk and "
                + grouped(counts.get(3)) + (counts.get(3) == 1 ? " has" : " have") + " no score.";
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < BANDS.size(); i++) {
            rows.add(List.of(BANDS.get(i), grouped(counts.get(i))));
        }
        return new ChartText(summary, List.of("Band", "Accounts"), rows);
    }

    /**
     * One cohort view's values month by month (every cell of the heatmap, from month 0 to the oldest cohort's last:
     * on a narrow screen the cells carry no numbers, and a hover is no way in for a keyboard), in tables of twelve
     * months each (all 24 in one would scroll sideways on a desktop), and a sentence on the oldest and newest cohort;
     * {@code plain}: the values are scores (NPS), not percentages.
     */
    static ChartText cohortsText(List<Cohort> cohorts, String label,
            Function<Cohort, List<Double>> series, boolean plain) {
        if (cohorts.isEmpty()) {
            return ChartText.of("No cohort has started yet.");
        }
        Function<Double, String> format = v -> plain
                ? Figure.format(v, MetricDefinition.Unit.SCORE, null) : percent(v);
        // up to the last month with a value: a month picked earlier cuts the series, which keep their length
        int months = cohorts.stream().map(series).mapToInt(ExecutiveCharts::valued).max().orElse(0);
        List<List<String>> rows = new ArrayList<>();
        for (Cohort c : cohorts) {
            List<Double> values = series.apply(c);
            List<String> row = new ArrayList<>(List.of(c.cohort(), grouped(c.accounts())));
            for (int k = 0; k < months; k++) {
                row.add(format.apply(at(values, k)));
            }
            rows.add(row);
        }
        Cohort first = cohorts.get(0);
        Double year = at(series.apply(first), 12);
        String summary = label + " of " + cohorts.size() + (cohorts.size() == 1 ? " cohort" : " cohorts")
                + " from " + first.cohort() + " to " + cohorts.get(cohorts.size() - 1).cohort() + "."
                + (year == null ? "" : " After 12 months the " + first.cohort() + " cohort stood at "
                        + format.apply(year) + ".");
        List<String> columns = new ArrayList<>(List.of("Cohort", "Accounts"));
        for (int k = 0; k < months; k++) {
            columns.add("Month " + k);
        }
        return new ChartText(summary, columns, rows).inPartsOf(2, MONTHS_PER_TABLE);
    }

    /** A tile's sparkline, as a sentence: "Net revenue retention from 101.2 % in 2025-11 to 96.8 % in 2026-10". */
    static ChartText sparkText(MetricDefinition d, List<String> labels, List<Double> values, String currency) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            return ChartText.of(d.label() + ": no value in the last " + values.size() + " months");
        }
        return ChartText.of(d.label() + " from " + Figure.format(values.get(first), d.unit(), currency) + " in "
                + labels.get(first) + " to " + Figure.format(values.get(last), d.unit(), currency) + " in "
                + labels.get(last));
    }

    /** How many of {@code values} lead up to the last one that is not null. */
    private static int valued(List<Double> values) {
        int n = values == null ? 0 : values.size();
        while (n > 0 && values.get(n - 1) == null) {
            n--;
        }
        return n;
    }

    private static Double at(List<Double> values, int k) {
        return values != null && k < values.size() ? values.get(k) : null;
    }

    /** "+$1,200", "−$300"; "±$0" for a change that rounds to nothing ("−$0" read as a loss). */
    private static String signedMoney(double value, String currency) {
        String amount = Figure.money(Math.abs(value), currency);
        return (amount.equals(Figure.money(0.0, currency)) ? "±" : value < 0 ? "−" : "+") + amount;
    }

    private static String percent(Double value) {
        return Figure.format(value, MetricDefinition.Unit.PERCENT, null);
    }

    private static String grouped(int value) {
        return String.format(Locale.US, "%,d", value);
    }
}
