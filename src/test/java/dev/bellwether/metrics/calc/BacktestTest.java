package dev.bellwether.metrics.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bellwether.health.Band;

/**
 * The backtest over the 12 months ending at M−3: who was healthy at X and still paid at X+3, who
 * was at risk at X and paid nothing then. January to May 2026: M is May, so X is January or February
 * for the last two of the 12 rows, and the ten before them lie before the data.
 */
class BacktestTest {

    private static final YearMonth JAN = YearMonth.of(2026, 1);

    /**
     * @param bands each account's band in January and February (H, N, R or -) and whether it pays in
     *              April and May, e.g. {@code "H R 1 0"}
     */
    private static HealthAccuracy accuracy(String... accounts) {
        Book book = new Book(JAN, 5);
        int n = 0;
        for (String account : accounts) {
            String[] p = account.split(" ");
            AccountFacts a = book.account("a" + n++, "SMB", null, 10, 10, 10, Double.parseDouble(p[2]) * 10,
                    Double.parseDouble(p[3]) * 10);
            book.band(a, 0, band(p[0]), 50.0);
            book.band(a, 1, band(p[1]), 50.0);
        }
        return Backtest.accuracy(book.months, book.accounts);
    }

    private static Band band(String code) {
        return switch (code) {
            case "H" -> Band.HEALTHY;
            case "N" -> Band.NEEDS_ATTENTION;
            case "R" -> Band.AT_RISK;
            default -> null;
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // accounts | Jan healthy, still paying % | Jan at risk, churned % | Feb healthy, % | Feb at risk, %
            "H H 1 1; H H 0 0; R R 0 1; R R 1 0 | 2 | 50   | 2 | 50 | 2 | 50  | 2 | 50",
            "H R 1 0; N N 0 0                   | 1 | 100  | 0 |    | 0 |     | 1 | 100",
            "- - 0 0                            | 0 |      | 0 |    | 0 |     | 0 |  " })
    void twelveMonthsEndingAtMMinus3(String accounts, int janHealthy, Double janStillActive, int janAtRisk,
            Double janChurned, int febHealthy, Double febStillActive, int febAtRisk, Double febChurned) {
        HealthAccuracy accuracy = accuracy(accounts.split("; "));
        List<AccuracyMonth> months = accuracy.months();
        assertEquals(12, months.size());
        assertEquals("2025-03", months.get(0).month());
        assertEquals(new AccuracyMonth("2025-03", 0, null, 0, null), months.get(0), "before the data");
        assertEquals(new AccuracyMonth("2026-01", janHealthy, janStillActive, janAtRisk, janChurned), months.get(10));
        assertEquals(new AccuracyMonth("2026-02", febHealthy, febStillActive, febAtRisk, febChurned), months.get(11));
        int healthy = janHealthy + febHealthy;
        int atRisk = janAtRisk + febAtRisk;
        assertEquals(healthy, accuracy.total().healthyCount());
        assertEquals(atRisk, accuracy.total().atRiskCount());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "H H 1 1; H H 0 0; R R 0 1; R R 1 0 | 50 | 50 | 50",
            "H H 1 1; H H 1 1; H - 0 0; R R 0 0 | 80 | 20 | 100",
            "N N 1 1                            |    |    |  " })
    void theTotalPoolsTheMonths(String accounts, Double stillActive, Double healthyChurned, Double atRiskChurned) {
        AccuracyTotal total = accuracy(accounts.split("; ")).total();
        near(stillActive, total.healthyStillActivePct());
        near(healthyChurned, total.healthyChurnedPct());
        near(atRiskChurned, total.atRiskChurnedPct());
    }

    private static void near(Double expected, Double actual) {
        if (expected == null) {
            assertNull(actual);
        } else {
            assertEquals(expected, actual, 1e-9);
        }
    }
}
