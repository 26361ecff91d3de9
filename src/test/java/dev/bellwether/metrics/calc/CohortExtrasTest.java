package dev.bellwether.metrics.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Cohorts beyond retention: activation and NPS by months since the cohort's start. */
class CohortExtrasTest {

    /**
     * January to March. a (first value 10 February) and b (none) start paying in January; c starts in
     * February with a first value date of 5 January, before it paid. a answers NPS three times in
     * February: a promoter, a passive, a detractor.
     */
    private static List<Cohort> cohorts() {
        Book book = new Book(YearMonth.of(2026, 1), 3);
        AccountFacts a = book.account("a", "SMB", null, null, LocalDate.of(2026, 2, 10), 100, 100, 100);
        book.account("b", "SMB", null, null, null, 50, 0, 0);
        book.account("c", "SMB", null, null, LocalDate.of(2026, 1, 5), 0, 10, 10);
        a.npsAnswersInMonth[1] = 3;
        a.npsPromotersInMonth[1] = 1;
        a.npsDetractorsInMonth[1] = 1;
        return Cohorts.of(book.months, book.accounts);
    }

    @Test
    void activationIsTheShareWithAFirstValueByTheMonthsLastDay() {
        List<Cohort> cohorts = cohorts();
        assertEquals(Arrays.asList(0.0, 50.0, 50.0, null), cohorts.get(0).activation().subList(0, 4));
        assertEquals(Arrays.asList(100.0, 100.0, null), cohorts.get(1).activation().subList(0, 3));
        assertEquals(24, cohorts.get(0).activation().size());
    }

    @Test
    void npsOfTheAnswersDatedInTheMonthNullWithoutAnswers() {
        List<Cohort> cohorts = cohorts();
        assertEquals(Arrays.asList(null, 0.0, null, null), cohorts.get(0).nps().subList(0, 4));
        assertEquals(24, cohorts.get(1).nps().size());
        cohorts.get(1).nps().forEach(nps -> assertNull(nps, "a cohort without NPS responses"));
    }

    @Test
    void answersAreCountedInTheCalendarMonthTheyWereGiven() {
        Months months = new Months(YearMonth.of(2026, 1), YearMonth.of(2026, 2));
        SurveyWindows surveys = new SurveyWindows(months);
        AccountFacts a = new AccountFacts("a", "a", "SMB", null, null, null, null, null, months.count());
        surveys.add((int) LocalDate.of(2025, 12, 31).toEpochDay(), SurveyWindows.NPS, 10);
        surveys.add((int) LocalDate.of(2026, 1, 31).toEpochDay(), SurveyWindows.NPS, 3);
        surveys.add((int) LocalDate.of(2026, 2, 1).toEpochDay(), SurveyWindows.NPS, 9);
        surveys.add((int) LocalDate.of(2026, 2, 2).toEpochDay(), SurveyWindows.CSAT, 5);
        surveys.finish(a);
        assertEquals(1, a.npsAnswersInMonth[0]);
        assertEquals(1, a.npsDetractorsInMonth[0]);
        assertEquals(1, a.npsAnswersInMonth[1]);
        assertEquals(1, a.npsPromotersInMonth[1]);
    }
}
