package dev.bellwether.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bellwether.health.HealthModel;
import dev.bellwether.health.HealthModelStore;
import dev.bellwether.web.charts.HistoryChart;

/** The health chart's band lines are those of the version that scored the history. */
class AccountChartsTest {

    private static final List<AccountBook.HistoryPoint> SCORED_BY_V1 = List.of(
            new AccountBook.HistoryPoint(YearMonth.of(2026, 9), 100, 65.0, "needs_attention", 1),
            new AccountBook.HistoryPoint(YearMonth.of(2026, 10), 100, 72.0, "healthy", 1));

    @Test
    void theBandLinesAreTheScoringVersionsWhileANewerOneIsStillBeingRecalculated() {
        List<HealthModelStore.Versioned> versions = List.of(version(2, 80, 30), version(1, 72, 45));
        HistoryChart chart = AccountCharts.health(SCORED_BY_V1, versions);
        assertEquals(List.of(72.0, 45.0), List.of(chart.healthy(), chart.atRisk()));
    }

    @Test
    void aHistoryScoredByTheDefaultModelHasTheDefaultBands() {
        List<AccountBook.HistoryPoint> byDefault = SCORED_BY_V1.stream().map(p -> new AccountBook.HistoryPoint(
                p.month(), p.mrr(), p.health(), p.band(), 0)).toList();
        HistoryChart chart = AccountCharts.health(byDefault, List.of(version(1, 80, 30)));
        assertEquals(List.of(70.0, 40.0), List.of(chart.healthy(), chart.atRisk()));
    }

    /** A month without revenue is on the chart as MRR 0 with no score, through the reporting month. */
    @Test
    void monthsWithoutRevenueAreShownAsZeroThroughTheReportingMonth() {
        List<AccountBook.HistoryPoint> paid = List.of(
                new AccountBook.HistoryPoint(YearMonth.of(2026, 5), 1000, 60.0, "needs_attention", 1),
                new AccountBook.HistoryPoint(YearMonth.of(2026, 7), 1200, 65.0, "needs_attention", 2));
        List<AccountBook.HistoryPoint> shown = AccountCharts.calendar(paid, YearMonth.of(2026, 9));
        assertEquals(List.of("2026-05", "2026-06", "2026-07", "2026-08", "2026-09"),
                shown.stream().map(p -> p.month().toString()).toList());
        assertEquals(List.of(1000.0, 0.0, 1200.0, 0.0, 0.0),
                shown.stream().map(AccountBook.HistoryPoint::mrr).toList());
        assertEquals(java.util.Arrays.asList(60.0, null, 65.0, null, null),
                shown.stream().map(AccountBook.HistoryPoint::health).toList());
        assertEquals(2, shown.get(4).modelVersion(), "the bands stay the last scoring version's");
        assertEquals("MRR $0 in 2026-09, against $1,000 in 2026-05 (−100.0 %). The axis starts at zero.",
                AccountCharts.mrrText(shown, "USD").summary());
        // a change that rounds to nothing reads ±0.0 %, not −0.0 % (100,000 to 99,990)
        List<AccountBook.HistoryPoint> flat = List.of(
                new AccountBook.HistoryPoint(YearMonth.of(2026, 8), 100_000, 60.0, "needs_attention", 1),
                new AccountBook.HistoryPoint(YearMonth.of(2026, 9), 99_990, 60.0, "needs_attention", 1));
        assertEquals("MRR $99,990 in 2026-09, against $100,000 in 2026-08 (±0.0 %). The axis starts at zero.",
                AccountCharts.mrrText(flat, "USD").summary());
    }

    private static HealthModelStore.Versioned version(int number, double healthy, double atRisk) {
        HealthModel defaults = HealthModel.defaults();
        HealthModel model = new HealthModel(defaults.weights(), defaults.measures(),
                new HealthModel.Bands(healthy, atRisk), defaults.alerts(), defaults.segmentWeights());
        return new HealthModelStore.Versioned(model, number, Instant.parse("2026-11-0" + number + "T10:00:00Z"), "ada",
                "Ada", null);
    }
}
