package dev.bellwether.metrics.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cohorts by first paying month, with logo and revenue retention k months later. */
class CohortsTest {

    /** January to April: a and c start in January, d in February, b never pays. */
    private static List<Cohort> cohorts() {
        Book book = new Book(YearMonth.of(2026, 1), 4);
        book.account("a", "SMB", null, 100, 100, 0, 0);
        book.account("b", "SMB", null, 0, 0, 0, 0);
        book.account("c", "SMB", null, 200, 100, 100, 100);
        book.account("d", "SMB", null, 0, 50, 50, 0);
        return Cohorts.of(book.months, book.accounts);
    }

    @Test
    void oneCohortPerFirstPayingMonth() {
        List<Cohort> cohorts = cohorts();
        assertEquals(List.of("2026-01", "2026-02"), cohorts.stream().map(Cohort::cohort).toList());
        assertEquals(List.of(2, 1), cohorts.stream().map(Cohort::accounts).toList());
        assertEquals(List.of(300.0, 50.0), cohorts.stream().map(Cohort::startingMrr).toList());
        assertEquals(24, cohorts.get(0).logoRetention().size());
    }

    @ParameterizedTest(name = "cohort {0}, k = {1}")
    @CsvSource({
            "0, 0, 100, 100",
            "0, 1, 100, 66.66666666666667",
            "0, 2, 50, 33.333333333333336",
            "0, 3, 50, 33.333333333333336",
            "0, 4, , ",
            "0, 23, , ",
            "1, 0, 100, 100",
            "1, 1, 100, 100",
            "1, 2, 0, 0",
            "1, 3, , " })
    void retentionKMonthsLaterUndefinedAfterM(int cohort, int k, Double logos, Double revenue) {
        Cohort c = cohorts().get(cohort);
        if (logos == null) {
            assertNull(c.logoRetention().get(k));
            assertNull(c.revenueRetention().get(k));
        } else {
            assertEquals(logos, c.logoRetention().get(k), 1e-9);
            assertEquals(revenue, c.revenueRetention().get(k), 1e-9);
        }
    }

    /** Cents summed in binary (0.1 + 0.2 is 0.30000000000000004) do not leave month 0 a hair off 100 %. */
    @Test
    void revenueRetentionIsExactOnCents() {
        Book book = new Book(YearMonth.of(2026, 1), 3);
        book.account("a", "SMB", null, 0.1, 0.1, 0.7);
        book.account("b", "SMB", null, 0.2, 0.2, 0.3);
        Cohort c = Cohorts.of(book.months, book.accounts).get(0);
        assertEquals(0.3, c.startingMrr());
        assertEquals(List.of(100.0, 100.0), c.revenueRetention().subList(0, 2));
        assertEquals(333.3333333333333, c.revenueRetention().get(2));
    }
}
