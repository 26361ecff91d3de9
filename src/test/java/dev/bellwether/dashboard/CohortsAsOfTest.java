package dev.bellwether.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bellwether.metrics.calc.Cohort;

/** An earlier month's cohorts: those started by then, with no cell after it. */
class CohortsAsOfTest {

    @Test
    void cohortsStartedAfterTheMonthGoAndCellsAfterItAreEmpty() {
        List<Cohort> latest = List.of(cohort("2026-01", 100.0, 90.0, 80.0, 75.0), cohort("2026-03", 100.0, 95.0),
                cohort("2026-04", 100.0));
        List<Cohort> march = ExecutiveAnalytics.asOf(latest, YearMonth.of(2026, 3));
        assertEquals(List.of("2026-01", "2026-03"), march.stream().map(Cohort::cohort).toList());
        assertEquals(Arrays.asList(100.0, 90.0, 80.0, null), march.get(0).logoRetention());
        assertEquals(Arrays.asList(100.0, null), march.get(1).revenueRetention());
        assertEquals(Arrays.asList(100.0, null), march.get(1).nps());
        assertEquals(latest, ExecutiveAnalytics.asOf(latest, YearMonth.of(2026, 4)), "the latest month: as stored");
    }

    private static Cohort cohort(String start, Double... cells) {
        List<Double> series = Arrays.asList(cells);
        return new Cohort(start, 10, 1000, series, series, series, series);
    }
}
