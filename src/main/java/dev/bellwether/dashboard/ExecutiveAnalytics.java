package dev.bellwether.dashboard;

import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.metrics.Snapshots;
import dev.bellwether.metrics.calc.ChurnDrivers;
import dev.bellwether.metrics.calc.Cohort;
import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.metrics.calc.Slice;
import dev.bellwether.metrics.calc.TenantMetrics;
import dev.bellwether.web.ChartData;
import dev.bellwether.web.Figure;
import dev.bellwether.web.Formats;
import dev.bellwether.web.Links;
import dev.bellwether.web.charts.DescribedChart;
import dev.bellwether.web.charts.HeatmapChart;

/**
 * The executive dashboard's analytics panels (issue 16): the book broken down by one attribute,
 * the cohort heatmap in one of its four views, and the churn drivers in plain words. Each is read
 * from the latest recalculation's snapshots; the URL holds the chosen attribute and view.
 */
@ApplicationScoped
public class ExecutiveAnalytics {

    /** The cohort heatmap's views: key, label, and the cohort's series. */
    public enum CohortView {
        RETENTION("retention", "Logo retention", Cohort::logoRetention),
        REVENUE("revenue", "Revenue retention", Cohort::revenueRetention),
        ACTIVATION("activation", "Activation", Cohort::activation),
        NPS("nps", "NPS", Cohort::nps);

        private final String key;
        private final String label;
        private final Function<Cohort, List<Double>> series;

        CohortView(String key, String label, Function<Cohort, List<Double>> series) {
            this.key = key;
            this.label = label;
            this.series = series;
        }

        public String key() {
            return key;
        }

        public String label() {
            return label;
        }

        static CohortView of(String key) {
            return Arrays.stream(values()).filter(v -> v.key.equals(key)).findFirst().orElse(RETENTION);
        }
    }

    /** A row of the breakdown table; {@code listUrl} opens the accounts of the slice. */
    public record SliceLine(String key, int accounts, Figure arr, Figure nrr, Figure grr, Figure logoChurn,
            Figure percentHealthy, Figure nps, String listUrl) {
    }

    /**
     * The breakdown table of a month by one attribute, and the attributes to switch to; {@code pinned} is the
     * month the switches keep: the one the address names, null when it names none (so the page still follows the
     * newest month after a switch, and one that names a month keeps showing it when newer data comes).
     */
    public record BreakdownPanel(YearMonth month, YearMonth pinned, Slice by, List<Slice> options,
            List<SliceLine> lines, String cohorts) {

        /** The dashboard's URL with this panel switched to {@code other}. */
        public String switchUrl(Slice other) {
            return Links.executive(pinned, other.key(), cohorts);
        }

        /** The panel alone switched to {@code other}, for htmx. */
        public String fragmentUrl(Slice other) {
            return Links.executiveSlices(pinned, other.key(), cohorts);
        }
    }

    /** A cohort's row of the heatmap as a link to its accounts: "2025-09 (34)". */
    public record CohortLink(String label, String url) {
    }

    /** The cohort heatmap in one view, the views to switch to (keeping {@code pinned}), and each cohort's accounts. */
    public record CohortPanel(YearMonth month, YearMonth pinned, String by, CohortView view, List<CohortView> options,
            DescribedChart chart, List<CohortLink> links) {

        public String switchUrl(CohortView other) {
            return Links.executive(pinned, by, other.key());
        }

        public String fragmentUrl(CohortView other) {
            return Links.executiveCohorts(pinned, by, other.key());
        }
    }

    @Inject
    Snapshots snapshots;

    @Inject
    ChartData charts;

    /** The attribute of {@code by}, segment when it names none. */
    public static Slice slice(String by) {
        return by == null ? Slice.SEGMENT : Slice.of(by).orElse(Slice.SEGMENT);
    }

    /** The slices of {@code by} in {@code month} in the page's order (tenure bands in order, "(none)" last). */
    public List<Map.Entry<String, TenantMetrics>> ordered(Slice by, YearMonth month) {
        List<Map.Entry<String, TenantMetrics>> ordered = new ArrayList<>(snapshots.slices(by, month).entrySet());
        ordered.sort(Comparator.comparingInt((Map.Entry<String, TenantMetrics> e) -> by.order(e.getKey())));
        return ordered; // a stable sort: in key order within a rank
    }

    /** {@link BreakdownPanel}: {@code asked} when the address names {@code month}. */
    public BreakdownPanel breakdown(YearMonth month, boolean asked, Slice by, CohortView cohorts, String currency) {
        List<Map.Entry<String, TenantMetrics>> ordered = ordered(by, month);
        // a tenure row of the latest month opens the accounts in that band now, and stays so in a saved view
        YearMonth at = pinned(month);
        List<SliceLine> lines = ordered.stream().map(e -> line(by, e.getKey(), e.getValue(), at, currency)).toList();
        return new BreakdownPanel(month, asked ? month : null, by, List.of(Slice.values()), lines, cohorts.key());
    }

    private static SliceLine line(Slice by, String key, TenantMetrics m, YearMonth month, String currency) {
        return new SliceLine(key, m.count(MetricDefinition.ACTIVE_ACCOUNTS),
                Figure.of(MetricDefinition.ARR, m.get(MetricDefinition.ARR), currency),
                Figure.of(MetricDefinition.NRR, m.get(MetricDefinition.NRR), currency),
                Figure.of(MetricDefinition.GRR, m.get(MetricDefinition.GRR), currency),
                Figure.of(MetricDefinition.LOGO_CHURN_RATE, m.get(MetricDefinition.LOGO_CHURN_RATE), currency),
                Figure.of(MetricDefinition.PERCENT_HEALTHY, m.get(MetricDefinition.PERCENT_HEALTHY), currency),
                Figure.of(MetricDefinition.NPS, m.get(MetricDefinition.NPS), currency),
                Links.csmSlice(by.key(), key, month));
    }

    /** {@code month} as a tenure row's link keeps it: null for the latest month, which the newest data moves on. */
    private YearMonth pinned(YearMonth month) {
        YearMonth latest = snapshots.status().map(Snapshots.Status::reportingMonth).orElse(null);
        return month == null || month.equals(latest) ? null : month;
    }

    /** {@link CohortPanel}: {@code asked} when the address names {@code month}, which the switches then keep. */
    public CohortPanel cohorts(YearMonth month, boolean asked, Slice by, CohortView view) {
        List<Cohort> cohorts = asOf(snapshots.cohorts().orElse(List.of()), month);
        List<List<Number>> cells = new ArrayList<>();
        for (int y = 0; y < cohorts.size(); y++) {
            List<Double> values = view.series.apply(cohorts.get(y));
            for (int k = 0; values != null && k < values.size(); k++) {
                if (values.get(k) != null) {
                    cells.add(List.of(k, y, Figure.rounded(values.get(k), 1)));
                }
            }
        }
        List<String> labels = cohorts.stream().map(c -> c.cohort() + " (" + Formats.grouped(c.accounts()) + ")")
                .toList();
        List<String> urls = cohorts.stream().map(c -> Links.csmCohort(c.cohort())).toList();
        // revenue retention past 100 % (expansion) keeps 100 %'s colour, and the legend says "100 %+": a scale
        // stretched to an outlier cohort's 300 % drew a cohort keeping all its revenue in amber
        HeatmapChart chart = (view == CohortView.NPS ? HeatmapChart.scaled(labels, cells, -100, 100, "")
                : new HeatmapChart(labels, cells)).withLinks(urls);
        List<CohortLink> links = new ArrayList<>();
        for (int i = 0; i < cohorts.size(); i++) {
            links.add(new CohortLink(labels.get(i), urls.get(i)));
        }
        return new CohortPanel(month, asked ? month : null, by.key(), view, List.of(CohortView.values()),
                charts.described(chart, ExecutiveCharts.cohortsText(cohorts, view.label(), view.series,
                        view == CohortView.NPS).withLinks(urls)),
                List.copyOf(links));
    }

    /**
     * The cohorts as they stood in {@code month}: those that had started by then, each cut after it
     * (metrics.md: cells after M are null). Every cell of a cohort depends only on its own month, so
     * this is what a recalculation as of {@code month} gives; the stored cohorts are the latest month's.
     */
    static List<Cohort> asOf(List<Cohort> cohorts, YearMonth month) {
        List<Cohort> shown = new ArrayList<>();
        for (Cohort c : cohorts) {
            YearMonth start = YearMonth.parse(c.cohort());
            if (start.isAfter(month)) {
                continue;
            }
            int cells = (int) start.until(month, ChronoUnit.MONTHS) + 1;
            shown.add(new Cohort(c.cohort(), c.accounts(), c.startingMrr(), upTo(c.logoRetention(), cells),
                    upTo(c.revenueRetention(), cells), upTo(c.activation(), cells), upTo(c.nps(), cells)));
        }
        return shown;
    }

    private static List<Double> upTo(List<Double> series, int cells) {
        if (series == null || series.size() <= cells) {
            return series;
        }
        List<Double> cut = new ArrayList<>(series.subList(0, cells));
        cut.addAll(Collections.nCopies(series.size() - cells, null));
        return cut;
    }

    /** The churn drivers of the latest recalculation in plain words; empty before one. */
    public ChurnDriverLines.Panel drivers() {
        return snapshots.churnDrivers()
                .map((ChurnDrivers.Report r) -> ChurnDriverLines.of(r.measures(), r.components(), r.health()))
                .orElse(new ChurnDriverLines.Panel(List.of(), ""));
    }
}
