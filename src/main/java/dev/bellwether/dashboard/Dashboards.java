package dev.bellwether.dashboard;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.metrics.Snapshots;
import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.metrics.calc.TenantMetrics;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.web.ChartData;
import dev.bellwether.web.Figure;
import dev.bellwether.web.PageCache;
import dev.bellwether.web.charts.Sparkline;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;

/** Builds the executive dashboard's view of a month from the snapshots. */
@ApplicationScoped
public class Dashboards {

    static final int TREND_MONTHS = 12;

    @Inject
    Snapshots snapshots;

    @Inject
    ChartData charts;

    /** Dashboards built, per tenant and month, kept until a recalculation or a target changes them. */
    @Inject
    @CacheName("executive-views")
    Cache views;

    /** A built dashboard's key: the tenant, the month and everything it was built from. */
    private record Key(String tenant, YearMonth month, Instant computedAt, String currency,
            List<KpiTargets.Target> targets) {
    }

    /**
     * The dashboard of {@code month} (the reporting month when null), from the figures' {@code status} as
     * the request read it, against the tenant's {@code targetList} as read with it ({@link KpiBoard}); empty when
     * the tenant has no figures. Snapshots only change when a
     * recalculation finishes, so a built dashboard is reused until the tenant's figures (their
     * computation time) or targets change.
     */
    public Optional<ExecutiveView> executive(Optional<Snapshots.Status> status, YearMonth requested,
            String currency, List<KpiTargets.Target> targetList) {
        Optional<ExecutiveView> view = built(status, requested, currency, targetList);
        // none of the status's months had figures: a recalculation that moved the months committed between the
        // caller's read of the status and the read of the figures; once more, as they are now
        return view.isPresent() || status.isEmpty() ? view
                : built(snapshots.status(), requested, currency, targetList);
    }

    private Optional<ExecutiveView> built(Optional<Snapshots.Status> status, YearMonth requested, String currency,
            List<KpiTargets.Target> targetList) {
        if (status.isEmpty()) {
            return Optional.empty();
        }
        YearMonth month = requested == null ? status.get().reportingMonth() : requested;
        if (month.isBefore(status.get().firstMonth()) || month.isAfter(status.get().reportingMonth())) {
            month = status.get().reportingMonth();
        }
        YearMonth chosen = month;
        Key key = new Key(TenantContext.require(), month, status.get().computedAt(), currency, targetList);
        return Optional.ofNullable(PageCache.get(views, key, () -> build(status.get(), chosen, currency,
                targetList)));
    }

    private ExecutiveView build(Snapshots.Status status, YearMonth month, String currency,
            List<KpiTargets.Target> targetList) {
        YearMonth from = month.minusMonths(TREND_MONTHS - 1).isBefore(status.firstMonth()) ? status.firstMonth()
                : month.minusMonths(TREND_MONTHS - 1);
        List<TenantMetrics> series = snapshots.history(from, month);
        if (series.isEmpty()) {
            return null; // the months moved under this request (see executive)
        }
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
                MetricDefinition.EXPANSION_RATE, MetricDefinition.UPSELL_RATE, MetricDefinition.CSAT,
                MetricDefinition.CES,
                MetricDefinition.RENEWAL_RATE, MetricDefinition.EXPANSION_PIPELINE, MetricDefinition.CONTACT_RATE,
                MetricDefinition.OVERDUE_QBRS, MetricDefinition.UNANSWERED_TICKETS, MetricDefinition.TIME_TO_RESOLUTION,
                MetricDefinition.FCR, MetricDefinition.TTFV, MetricDefinition.ACTIVATION_RATE)) {
            more.add(Figure.of(d, value(current, d), currency));
        }
        return new ExecutiveView(month, months, status.computedAt(), tiles,
                charts.described(ExecutiveCharts.waterfall(current), ExecutiveCharts.waterfallText(current, currency)),
                charts.described(ExecutiveCharts.retention(series, targetList),
                        ExecutiveCharts.retentionText(series, targetList)),
                charts.described(ExecutiveCharts.bands(current), ExecutiveCharts.bandsText(current)), more);
    }

    private ExecutiveView.Tile tile(KpiTargets.Target target, List<TenantMetrics> series, TenantMetrics current,
            TenantMetrics previous, String currency) {
        MetricDefinition d = target.metric();
        Double now = value(current, d);
        Double before = previous == null ? null : value(previous, d);
        Change moved = now == null || before == null ? new Change(null, null, false)
                : change(d, now, before, currency);
        String change = moved.text();
        String trend = moved.trend();
        boolean good = moved.good();
        List<String> labels = series.stream().map(TenantMetrics::month).toList();
        List<Double> values = series.stream().map(m -> value(m, d)).toList();
        Sparkline spark = new Sparkline(labels, values, target.target(), d.unit().name());
        String targetDisplay = target.target() == null ? null
                : (target.atMost() ? "≤ " : "≥ ") + (d.unit() == MetricDefinition.Unit.MONEY
                        ? Figure.moneyShort(target.target(), currency)
                        : Figure.format(target.target(), d.unit(), currency));
        Figure figure = Figure.of(d, now, currency);
        if (d == MetricDefinition.ARR) {
            figure = figure.shortened(currency);
        }
        return new ExecutiveView.Tile(figure, targetDisplay, verdict(target, now, d.unit()), change, trend, good,
                previous == null ? null : YearMonth.parse(previous.month()).getMonth().getDisplayName(
                        java.time.format.TextStyle.SHORT, java.util.Locale.US),
                charts.of(spark, ExecutiveCharts.sparkText(d, labels, values, currency)));
    }

    /** A tile's change since the month before: its text ("+0.4 pts"), its trend (up, down, flat), whether good. */
    record Change(String text, String trend, boolean good) {
    }

    /** The change from {@code before} to {@code now} between the figures as they read ({@link #shown}). */
    static Change change(MetricDefinition d, double now, double before, String currency) {
        // 110.04 and 109.99 both read "110.0 %": no fall
        double delta = shown(now, d.unit()) - shown(before, d.unit());
        if (d.unit() == MetricDefinition.Unit.MONEY && Math.abs(delta) < 0.5) {
            delta = 0; // written in whole units: "−$0" is no change
        }
        String trend = Math.abs(delta) < 1e-9 ? "flat" : delta > 0 ? "up" : "down";
        boolean good = KpiTargets.atMost(d) ? delta <= 0 : delta >= 0;
        String text = (delta > 0 ? "+" : delta < 0 ? "−" : "±") + (d.unit() == MetricDefinition.Unit.MONEY
                ? Figure.moneyShort(Math.abs(delta), currency)
                : Figure.format(Math.abs(delta), d.unit() == MetricDefinition.Unit.PERCENT
                        ? MetricDefinition.Unit.SCORE : d.unit(), currency)
                        + (d.unit() == MetricDefinition.Unit.PERCENT ? " pts" : ""));
        return new Change(text, trend, good);
    }

    /**
     * Whether a tile is on target, judged by its value and its target as they read (a percentage to one decimal):
     * the verdict agrees with the figures it stands beside, so "110.0 %" against "≥ 110.0 %" is on target, and
     * "$1.25M" against "≥ $1.25M" (ARR, the one money tile, and its target are written short).
     */
    static Boolean verdict(KpiTargets.Target target, Double value, MetricDefinition.Unit unit) {
        // the target as it reads too: one of 109.94 reads "≥ 109.9 %", which a tile reading "109.9 %" meets
        if (unit == MetricDefinition.Unit.MONEY) {
            // ARR and its target read short ("$1.25M"): judged so, not by the dollars the tile does not show
            return new KpiTargets.Target(target.metric(), target.target() == null ? null
                    : Figure.moneyShortValue(target.target()), target.atMost(), target.custom())
                    .met(value == null ? null : Figure.moneyShortValue(value));
        }
        return new KpiTargets.Target(target.metric(), shown(target.target(), unit), target.atMost(), target.custom())
                .met(shown(value, unit));
    }

    /** A value as the tile writes it ({@link #verdict}). */
    static Double shown(Double value, MetricDefinition.Unit unit) {
        if (value == null) {
            return null;
        }
        return switch (unit) {
            case PERCENT, SCORE, HOURS -> Figure.rounded(value, 1);
            case COUNT -> Figure.rounded(value, 0);
            case DECIMAL -> Figure.rounded(value, 2);
            case MONEY, DAYS -> value;
        };
    }

    /** A metric's value in a month's figures. */
    Double value(TenantMetrics metrics, MetricDefinition definition) {
        return metrics.get(definition);
    }
}
