package dev.bellwether.metrics.calc;

import static dev.bellwether.metrics.calc.MetricDefinition.ACTIVATION_RATE;
import static dev.bellwether.metrics.calc.MetricDefinition.ACTIVE_ACCOUNTS;
import static dev.bellwether.metrics.calc.MetricDefinition.ARPA;
import static dev.bellwether.metrics.calc.MetricDefinition.AT_RISK_ACCOUNTS;
import static dev.bellwether.metrics.calc.MetricDefinition.CES;
import static dev.bellwether.metrics.calc.MetricDefinition.CHURNED_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.CLV;
import static dev.bellwether.metrics.calc.MetricDefinition.CONTACT_RATE;
import static dev.bellwether.metrics.calc.MetricDefinition.CONTRACTION_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.CSAT;
import static dev.bellwether.metrics.calc.MetricDefinition.CUSTOMERS_AT_START;
import static dev.bellwether.metrics.calc.MetricDefinition.ENDING_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.EXPANSION_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.EXPANSION_PIPELINE;
import static dev.bellwether.metrics.calc.MetricDefinition.FCR;
import static dev.bellwether.metrics.calc.MetricDefinition.HEALTHY_ACCOUNTS;
import static dev.bellwether.metrics.calc.MetricDefinition.LOGO_CHURN_RATE;
import static dev.bellwether.metrics.calc.MetricDefinition.NEEDS_ATTENTION_ACCOUNTS;
import static dev.bellwether.metrics.calc.MetricDefinition.NEW_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.NPS;
import static dev.bellwether.metrics.calc.MetricDefinition.OVERDUE_QBRS;
import static dev.bellwether.metrics.calc.MetricDefinition.PERCENT_HEALTHY;
import static dev.bellwether.metrics.calc.MetricDefinition.REACTIVATION_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.RENEWAL_RATE;
import static dev.bellwether.metrics.calc.MetricDefinition.STARTING_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.T12_GRR;
import static dev.bellwether.metrics.calc.MetricDefinition.T12_NRR;
import static dev.bellwether.metrics.calc.MetricDefinition.TIME_TO_RESOLUTION;
import static dev.bellwether.metrics.calc.MetricDefinition.TTFV;
import static dev.bellwether.metrics.calc.MetricDefinition.UNANSWERED_TICKETS;
import static dev.bellwether.metrics.calc.MetricDefinition.UNSCORED_ACCOUNTS;
import static dev.bellwether.metrics.calc.MetricDefinition.UPSELL_RATE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bellwether.health.Band;

/** A book's metrics of a month, step by step of the tally, on books small enough to work out by hand. */
class MonthlyTallyTest {

    private static final YearMonth JAN = YearMonth.of(2026, 1);
    private static final Set<String> DEFAULT_QBR = Set.of("Enterprise", "Mid-Market");

    /** The book's metrics month by month, as the engine tallies a tenant. */
    static List<TenantMetrics> metrics(Book book, Set<String> qbrSegments) {
        MonthlyTally[] tallies = MonthlyTally.months(book.months);
        for (AccountResult account : book.accounts) {
            MonthlyTally.Account a = new MonthlyTally.Account(account, qbrSegments);
            for (int i = 0; i < book.months.count(); i++) {
                tallies[i].add(a, i);
            }
        }
        return MonthlyTally.series(tallies);
    }

    static TenantMetrics atM(Book book) {
        return metrics(book, DEFAULT_QBR).get(book.m());
    }

    @ParameterizedTest(name = "MRR {0}, {1}, {2}")
    @CsvSource({
            // Jan, Feb, Mar → March's movements
            "0,   0,   500, 0,   500, 0,   0,  0,  0,   500, 0, 1, ,    ",
            "300, 0,   350, 0,   0,   350, 0,  0,  0,   350, 0, 1, ,    ",
            "0,   100, 150, 100, 0,   0,   50, 0,  0,   150, 1, 1, 100, 0",
            "0,   100, 80,  100, 0,   0,   0,  20, 0,   80,  1, 1, 0,   0",
            "0,   100, 0,   100, 0,   0,   0,  0,  100, 0,   1, 0, 0,   100",
            "0,   100, 100, 100, 0,   0,   0,  0,  0,   100, 1, 1, 0,   0",
            "0,   0,   0,   0,   0,   0,   0,  0,  0,   0,   0, 0, ,    " })
    void revenueMovementsOfOneAccount(double jan, double feb, double mar, double starting, double fresh,
            double reactivation, double expansion, double contraction, double churned, double ending, int atStart,
            int active, Double upsellRate, Double logoChurn) {
        Book book = new Book(JAN, 3);
        book.account("a", "SMB", null, jan, feb, mar);
        TenantMetrics t = atM(book);
        assertEquals(starting, t.amount(STARTING_MRR));
        assertEquals(fresh, t.amount(NEW_MRR));
        assertEquals(reactivation, t.amount(REACTIVATION_MRR));
        assertEquals(expansion, t.amount(EXPANSION_MRR));
        assertEquals(contraction, t.amount(CONTRACTION_MRR));
        assertEquals(churned, t.amount(CHURNED_MRR));
        assertEquals(ending, t.amount(ENDING_MRR));
        assertEquals(atStart, t.count(CUSTOMERS_AT_START));
        assertEquals(active, t.count(ACTIVE_ACCOUNTS));
        assertEquals(upsellRate, t.get(UPSELL_RATE));
        assertEquals(logoChurn, t.get(LOGO_CHURN_RATE));
    }

    /** A book, and what some of its figures at M must be. */
    private record Case(String name, int months, Consumer<Book> book, Map<MetricDefinition, Double> expected) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case of(String name, int months, Consumer<Book> book, Object... expected) {
        Map<MetricDefinition, Double> figures = new LinkedHashMap<>();
        for (int i = 0; i < expected.length; i += 2) {
            figures.put((MetricDefinition) expected[i], expected[i + 1] == null ? null
                    : ((Number) expected[i + 1]).doubleValue());
        }
        return new Case(name, months, book, figures);
    }

    static Stream<Arguments> books() {
        return Stream.of(
                of("four pay 100 in January, one leaves in February: March's CLV is ARPA 100 over mean churn 12.5 %",
                        3, b -> {
                            b.account("a", "SMB", null, 100, 100, 100);
                            b.account("b", "SMB", null, 100, 100, 100);
                            b.account("c", "SMB", null, 100, 100, 100);
                            b.account("d", "SMB", null, 100, 0, 0);
                        }, LOGO_CHURN_RATE, 0.0, ARPA, 100.0, CLV, 800.0),
                of("nobody ever left: CLV undefined", 2, b -> b.account("a", "SMB", null, 100, 100),
                        CLV, null, ARPA, 100.0),
                of("trailing 12: 100 → 150 and 100 → 50", 13, b -> {
                    double[] grows = new double[13];
                    double[] shrinks = new double[13];
                    grows[0] = 100;
                    grows[12] = 150;
                    shrinks[0] = 100;
                    shrinks[12] = 50;
                    b.account("grows", "SMB", null, grows);
                    b.account("shrinks", "SMB", null, shrinks);
                }, T12_NRR, 100.0, T12_GRR, 75.0),
                of("bands of the paying accounts only", 1, b -> {
                    b.band(b.account("h1", "SMB", null, 10), 0, Band.HEALTHY, 80.0);
                    b.band(b.account("h2", "SMB", null, 10), 0, Band.HEALTHY, 90.0);
                    b.band(b.account("n", "SMB", null, 10), 0, Band.NEEDS_ATTENTION, 50.0);
                    b.band(b.account("r", "SMB", null, 10), 0, Band.AT_RISK, 20.0);
                    b.account("unscored", "SMB", null, 10);
                    b.account("gone", "SMB", null, 0);
                }, HEALTHY_ACCOUNTS, 2, NEEDS_ATTENTION_ACCOUNTS, 1, AT_RISK_ACCOUNTS, 1, UNSCORED_ACCOUNTS, 1,
                        PERCENT_HEALTHY, 50.0, ACTIVE_ACCOUNTS, 5),
                of("nobody scored: % healthy undefined", 1, b -> b.account("a", "SMB", null, 10),
                        PERCENT_HEALTHY, null, UNSCORED_ACCOUNTS, 1),
                of("surveys of (D−90, D] summed over accounts", 1, b -> {
                    AccountFacts a = b.account("a", "SMB", null, 10);
                    a.npsPromoters90[0] = 5;
                    a.npsDetractors90[0] = 2;
                    a.npsAnswers90[0] = 10;
                    a.csatGood90[0] = 3;
                    a.csatAnswers90[0] = 4;
                    a.cesSum90[0] = 9;
                    a.cesAnswers90[0] = 2;
                    AccountFacts gone = b.account("gone", "SMB", null, 0);
                    gone.npsPromoters90[0] = 1;
                    gone.npsDetractors90[0] = 1;
                    gone.npsAnswers90[0] = 2;
                }, NPS, 25.0, CSAT, 75.0, CES, 4.5),
                of("tickets, paying or not", 1, b -> {
                    AccountFacts a = b.account("a", "SMB", null, 10);
                    a.resolutionHours[0] = new double[] { 2, 10 };
                    a.firstContactResolved[0] = 1;
                    a.firstContactFlagged[0] = 2;
                    a.unansweredTickets[0] = 1;
                    AccountFacts gone = b.account("gone", "SMB", null, 0);
                    gone.resolutionHours[0] = new double[] { 4 };
                    gone.unansweredTickets[0] = 2;
                }, TIME_TO_RESOLUTION, 4.0, FCR, 50.0, UNANSWERED_TICKETS, 3),
                of("contact this month over paying accounts", 1, b -> {
                    b.account("called", "SMB", null, 10).contactedInMonth[0] = true;
                    b.account("silent", "SMB", null, 10);
                    b.account("gone", "SMB", null, 0).contactedInMonth[0] = true;
                    b.account("silent too", "SMB", null, 10);
                }, CONTACT_RATE, 100.0 / 3),
                of("onboarding at D = 2026-03-31", 3, b -> {
                    b.account("quick", "SMB", null, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 21), 10, 10, 10);
                    b.account("slow", "SMB", null, LocalDate.of(2025, 12, 1), LocalDate.of(2026, 2, 9), 10, 10, 10);
                    b.account("recent", "SMB", null, LocalDate.of(2026, 3, 15), null, 0, 0, 10);
                    b.account("later", "SMB", null, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 2), 10, 10, 10);
                }, TTFV, 45.0, ACTIVATION_RATE, 100.0 / 3),
                of("renewals closed from 2025-04-01 to D = 2026-03-31", 3, b -> {
                    AccountFacts a = b.account("a", "SMB", null, 10, 10, 10);
                    a.closedRenewals.add(new AccountFacts.ClosedRenewal(LocalDate.of(2025, 4, 1), true));
                    a.closedRenewals.add(new AccountFacts.ClosedRenewal(LocalDate.of(2025, 3, 31), false));
                    a.closedRenewals.add(new AccountFacts.ClosedRenewal(LocalDate.of(2026, 3, 31), false));
                    a.closedRenewals.add(new AccountFacts.ClosedRenewal(LocalDate.of(2026, 4, 1), true));
                }, RENEWAL_RATE, 50.0),
                of("no renewal decided: undefined", 1, b -> b.account("a", "SMB", null, 10), RENEWAL_RATE, null),
                of("open expansion of every account", 1, b -> {
                    b.account("a", "SMB", null, 10).openExpansion = 1000;
                    b.account("gone", "SMB", null, 0).openExpansion = 500;
                }, EXPANSION_PIPELINE, 1500.0))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("books")
    void aMonthsFiguresOfAHandMadeBook(Case c) {
        Book book = new Book(JAN, c.months());
        c.book().accept(book);
        TenantMetrics t = atM(book);
        c.expected().forEach((metric, value) -> {
            if (value == null) {
                assertEquals(null, t.get(metric), metric.key());
            } else {
                assertEquals(value, t.get(metric), 1e-9, metric.key());
            }
        });
    }

    @ParameterizedTest(name = "QBR segments {0}: {1} overdue")
    @CsvSource({ "'Enterprise,Mid-Market', 2", "SMB, 1", "'', 0", "'Enterprise,SMB,Strategic', 3" })
    void overdueQbrsCountThePayingAccountsOfTheSegmentsThatExpectThem(String segments, int overdue) {
        Book book = new Book(JAN, 1);
        book.account("e", "Enterprise", null, 10);
        book.account("m", "Mid-Market", null, 10);
        book.account("s", "SMB", null, 10);
        book.account("e-met", "Enterprise", null, 10).qbrIn90Days[0] = true;
        book.account("e-gone", "Enterprise", null, 0);
        book.account("st", "Strategic", null, 10);
        Set<String> qbr = segments.isEmpty() ? Set.of() : Set.of(segments.split(","));
        assertEquals(overdue, metrics(book, qbr).get(0).count(OVERDUE_QBRS));
    }
}
