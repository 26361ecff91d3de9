package dev.bellwether.metrics.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.YearMonth;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bellwether.health.HealthModel;
import dev.bellwether.health.Measure;

/** An account's seven measures at a month end, and its scores only in the months it paid. */
class AccountScoringTest {

    private static final Months MONTHS = new Months(YearMonth.of(2026, 1), YearMonth.of(2026, 4));
    private static final int M = 3;

    private static AccountFacts account(Integer seats) {
        AccountFacts a = new AccountFacts("a", "a", "SMB", null, null, null, seats, null, MONTHS.count());
        a.mrr[M] = 100;
        return a;
    }

    private static Arguments measure(String name, Measure measure, Integer seats, Consumer<AccountFacts> facts,
            Double expected) {
        return Arguments.of(name, measure, seats, facts, expected);
    }

    static Stream<Arguments> measures() {
        return Stream.of(
                measure("4 of 10 seats used", Measure.SEAT_UTILIZATION, 10, a -> a.mau[M] = 4, 40.0),
                measure("no seats recorded", Measure.SEAT_UTILIZATION, null, a -> a.mau[M] = 4, null),
                measure("0 seats", Measure.SEAT_UTILIZATION, 0, a -> a.mau[M] = 4, null),
                measure("75 events against 100", Measure.USAGE_TREND, 10, a -> {
                    a.events30[M] = 75;
                    a.eventsPrior30[M] = 100;
                }, -25.0),
                measure("no events before", Measure.USAGE_TREND, 10, a -> a.events30[M] = 75, null),
                measure("last activity 10 days before D", Measure.DAYS_SINCE_CONTACT, 10,
                        a -> a.lastContactDay[M] = MONTHS.lastDay(M) - 10, 10.0),
                measure("no activity", Measure.DAYS_SINCE_CONTACT, 10, a -> { }, null),
                measure("two open tickets", Measure.OPEN_TICKETS, 10, a -> a.openTickets[M] = 2, 2.0),
                measure("3 promoters and a detractor of 4", Measure.NPS, 10, a -> {
                    a.npsPromoters180[M] = 3;
                    a.npsDetractors180[M] = 1;
                    a.npsAnswers180[M] = 4;
                }, 50.0),
                measure("no NPS answer", Measure.NPS, 10, a -> { }, null),
                measure("9 of 10 CSAT answers good", Measure.CSAT, 10, a -> {
                    a.csatGood180[M] = 9;
                    a.csatAnswers180[M] = 10;
                }, 90.0),
                measure("100 three months ago, 80 now", Measure.MRR_CHANGE_3M, 10, a -> {
                    a.mrr[0] = 100;
                    a.mrr[M] = 80;
                }, -20.0),
                measure("nothing three months ago", Measure.MRR_CHANGE_3M, 10, a -> { }, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("measures")
    void aMeasureAtTheMonthEnd(String name, Measure measure, Integer seats, Consumer<AccountFacts> facts,
            Double expected) {
        AccountFacts a = account(seats);
        facts.accept(a);
        Double value = AccountScoring.measures(a, M, MONTHS).get(measure);
        if (expected == null) {
            assertNull(value);
        } else {
            assertEquals(expected, value, 1e-9);
        }
    }

    @Test
    void scoresOnlyThePayingMonthsAndEngagementAtM() {
        AccountFacts a = account(10);
        a.mrr[1] = 100;
        a.openTickets[1] = 0;
        a.mau[M] = 4;
        a.activeUserDays[M] = 60;
        a.features30[M] = 3;
        AccountResult result = AccountScoring.account(a, MONTHS, new int[] { 0, 0, 0, 10 }, HealthModel.defaults());
        assertNull(result.scores()[0], "not paying in January");
        assertNotNull(result.scores()[1]);
        assertNull(result.scores()[2], "not paying in March");
        assertEquals(4, result.mau());
        assertEquals(50.0, result.dauMau(), 1e-9, "60 user-days / 30 / 4 users");
        assertEquals(30.0, result.featureAdoption(), 1e-9, "3 of the tenant's 10 features");
        assertEquals(40.0, result.measures().get(Measure.SEAT_UTILIZATION), 1e-9, "the measures are M's");
    }

    @Test
    void withoutUsersOrFeaturesEngagementIsUndefined() {
        AccountResult result = AccountScoring.account(account(10), MONTHS, new int[4], HealthModel.defaults());
        assertEquals(0, result.mau());
        assertNull(result.dauMau());
        assertNull(result.featureAdoption());
    }
}
