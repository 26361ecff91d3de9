package dev.bellwether.metrics.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bellwether.health.Band;
import dev.bellwether.health.Component;
import dev.bellwether.health.HealthCalculator.ComponentScore;
import dev.bellwether.health.HealthCalculator.MeasureScore;
import dev.bellwether.health.HealthCalculator.Score;
import dev.bellwether.health.HealthModel;
import dev.bellwether.health.Measure;

/**
 * Churn drivers on a book worked out by hand. Four months, January to April: M is April, so the
 * only observation month is January (X = M−3) and churn means no MRR in April.
 */
class ChurnDriversTest {

    private final Book book = new Book(YearMonth.of(2026, 1), 4);

    /** Scores {@code a} in January: its health, usage and engagement (null: absent) and seat utilization points. */
    private void january(AccountFacts a, Double health, Double usage, Double engagement, Double seatPoints) {
        List<ComponentScore> components = new ArrayList<>();
        for (Component c : Component.values()) {
            Double score = c == Component.USAGE ? usage : c == Component.ENGAGEMENT ? engagement : null;
            components.add(new ComponentScore(c, score, 25, 0));
        }
        List<MeasureScore> measures = new ArrayList<>();
        for (Measure m : Measure.values()) {
            measures.add(new MeasureScore(m, null, null, 0, 0, m == Measure.SEAT_UTILIZATION ? seatPoints : null,
                    null, null));
        }
        book.result(a).scores()[0] = new Score(health, health == null ? null : Band.HEALTHY, components, measures);
    }

    /**
     * Stayed: a (health 80, usage 80, seats 80) and c (health 30, engagement only, 30); churned: b
     * (health 30, usage 30, seats 30); d is not active in January and does not count.
     * Health: (80 vs 30) win, (30 vs 30) tie: 1½ of 2 = 0.75, coverage 3 of 3. Usage: 80 vs 30: 1.0,
     * coverage 2 of 3. Outcomes: nobody has points: undefined, coverage 0.
     */
    @Test
    void aucCoverageAndCountsPerMeasureComponentAndHealth() {
        january(book.account("a", "SMB", null, 100, 100, 100, 100), 80.0, 80.0, null, 80.0);
        january(book.account("b", "SMB", null, 100, 100, 100, 0), 30.0, 30.0, null, 30.0);
        january(book.account("c", "SMB", null, 100, 100, 100, 100), 30.0, null, 30.0, null);
        book.account("d", "SMB", null, 0, 100, 100, 100);

        ChurnDrivers.Report report = ChurnDrivers.report(book.months, book.accounts, HealthModel.defaults());

        assertEquals(new ChurnDrivers.Driver("health", 0.75, 100.0, 1, 2), report.health());
        assertEquals(new ChurnDrivers.Driver("usage", 1.0, 200.0 / 3, 1, 1), report.components().get(0));
        assertEquals(new ChurnDrivers.Driver("engagement", null, 100.0 / 3, 0, 1), report.components().get(1));
        assertEquals(new ChurnDrivers.Driver("outcomes", null, 0.0, 0, 0), report.components().get(2));
        assertEquals(new ChurnDrivers.Driver("seatUtilization", 1.0, 200.0 / 3, 1, 1), report.measures().get(0));
        assertEquals(List.of("seatUtilization", "usageTrend", "daysSinceContact", "openTickets", "nps", "csat",
                "mrrChange3m"), report.measures().stream().map(ChurnDrivers.Driver::name).toList());
    }

    @Test
    void aBookTooShortForAnObservationMonthHasNoSignal() {
        Book shortBook = new Book(YearMonth.of(2026, 1), 3);
        shortBook.account("a", "SMB", null, 100, 100, 100);
        ChurnDrivers.Report report = ChurnDrivers.report(shortBook.months, shortBook.accounts, HealthModel.defaults());
        assertNull(report.health().auc());
        assertNull(report.health().coverage());
        assertEquals(0, DriverSample.of(shortBook.months, shortBook.accounts, HealthModel.defaults()).size());
    }

    /** The sample keeps January's pairs with a component, marked churned or not. */
    @Test
    void theSearchSampleHoldsThePairsWithAComponent() {
        january(book.account("a", "SMB", null, 100, 100, 100, 100), 80.0, 80.0, null, 80.0);
        january(book.account("b", "SMB", null, 100, 100, 100, 0), 30.0, 30.0, null, 30.0);
        january(book.account("e", "SMB", null, 100, 100, 100, 100), null, null, null, null);
        DriverSample sample = DriverSample.of(book.months, book.accounts, HealthModel.defaults());
        assertEquals(2, sample.size());
        assertEquals(false, sample.churned(0));
        assertEquals(true, sample.churned(1));
        assertEquals(true, sample.holdout(1), "January is M−3: the last of the 12 observation months, a holdout month");
        assertEquals(80.0, sample.health(0, new double[] { 40, 25, 20, 15 }), 1e-12);
    }
}
