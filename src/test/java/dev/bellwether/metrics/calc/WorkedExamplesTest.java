package dev.bellwether.metrics.calc;

import static dev.bellwether.metrics.calc.MetricDefinition.ARPA;
import static dev.bellwether.metrics.calc.MetricDefinition.ARR;
import static dev.bellwether.metrics.calc.MetricDefinition.CES;
import static dev.bellwether.metrics.calc.MetricDefinition.CHURNED_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.CLV;
import static dev.bellwether.metrics.calc.MetricDefinition.CONTRACTION_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.CSAT;
import static dev.bellwether.metrics.calc.MetricDefinition.CUSTOMERS_AT_START;
import static dev.bellwether.metrics.calc.MetricDefinition.ENDING_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.EXPANSION_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.EXPANSION_RATE;
import static dev.bellwether.metrics.calc.MetricDefinition.FCR;
import static dev.bellwether.metrics.calc.MetricDefinition.GRR;
import static dev.bellwether.metrics.calc.MetricDefinition.LOGO_CHURN_RATE;
import static dev.bellwether.metrics.calc.MetricDefinition.LOGO_RETENTION;
import static dev.bellwether.metrics.calc.MetricDefinition.NEW_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.NPS;
import static dev.bellwether.metrics.calc.MetricDefinition.NRR;
import static dev.bellwether.metrics.calc.MetricDefinition.OVERDUE_QBRS;
import static dev.bellwether.metrics.calc.MetricDefinition.REACTIVATION_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.RENEWAL_RATE;
import static dev.bellwether.metrics.calc.MetricDefinition.REVENUE_CHURN_RATE;
import static dev.bellwether.metrics.calc.MetricDefinition.STARTING_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.T12_NRR;
import static dev.bellwether.metrics.calc.MetricDefinition.TIME_TO_RESOLUTION;
import static dev.bellwether.metrics.calc.MetricDefinition.UNANSWERED_TICKETS;
import static dev.bellwether.metrics.calc.MetricDefinition.UPSELL_RATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.bellwether.health.HealthModel;
import dev.bellwether.health.Measure;

/**
 * docs/metrics.md's formulas on small, hand-made books whose answers are known: the seeds' worked
 * examples, the reconciliation identity, undefined ratios, reactivation, missing seats and the
 * edges of the time windows.
 */
class WorkedExamplesTest {

    private static final YearMonth JAN = YearMonth.of(2026, 1);
    private static final YearMonth FEB = YearMonth.of(2026, 2);

    private static FactsBuilder book(YearMonth first, YearMonth last) {
        return new FactsBuilder(new Months(first, last));
    }

    private static void account(FactsBuilder b, String id) {
        b.account(id, id, "SMB", "cam@acme.example", LocalDate.of(2025, 1, 1), null, 10, null);
    }

    private static TenantMetrics reportingMonth(FactsBuilder b) {
        MetricsEngine.Result result = MetricsEngine.run(b.build(), HealthModel.defaults());
        return result.tenant().get(result.reportingMonth());
    }

    @Test
    void nrr104point5AndGrr96point5() {
        // Starting 100,000; +8,000 expansion, −2,000 churned, −1,500 contraction
        FactsBuilder b = book(JAN, FEB);
        for (String id : List.of("grow", "churn", "shrink", "flat")) {
            account(b, id);
        }
        b.mrr("grow", JAN, 40_000);
        b.mrr("grow", FEB, 48_000);
        b.mrr("churn", JAN, 2_000);
        b.mrr("shrink", JAN, 10_000);
        b.mrr("shrink", FEB, 8_500);
        b.mrr("flat", JAN, 48_000);
        b.mrr("flat", FEB, 48_000);
        TenantMetrics t = reportingMonth(b);
        assertEquals(100_000, t.amount(STARTING_MRR), 1e-9);
        assertEquals(104.5, t.get(NRR), 1e-9);
        assertEquals(96.5, t.get(GRR), 1e-9);
        assertEquals(3.5, t.get(REVENUE_CHURN_RATE), 1e-9);
        assertEquals(8.0, t.get(EXPANSION_RATE), 1e-9);
        assertEquals(t.amount(ENDING_MRR), t.amount(STARTING_MRR) + t.amount(NEW_MRR)
                + t.amount(REACTIVATION_MRR) + t.amount(EXPANSION_MRR)
                - t.amount(CONTRACTION_MRR) - t.amount(CHURNED_MRR), 1e-9);
        assertEquals(12 * 104_500, t.amount(ARR), 1e-9);
    }

    @Test
    void logoChurn3PercentOf100CustomersAndClvIsArpaOverMeanChurn() {
        FactsBuilder b = book(JAN, FEB);
        for (int i = 0; i < 100; i++) {
            account(b, "a" + i);
            b.mrr("a" + i, JAN, 1000);
            if (i >= 3) {
                b.mrr("a" + i, FEB, 1000);
            }
        }
        TenantMetrics t = reportingMonth(b);
        assertEquals(100, t.count(CUSTOMERS_AT_START));
        assertEquals(3.0, t.get(LOGO_CHURN_RATE), 1e-9);
        assertEquals(97.0, t.get(LOGO_RETENTION), 1e-9);
        assertEquals(1000.0, t.get(ARPA), 1e-9);
        // only February has a defined churn rate (January has no customers at start): CLV = 1000 / 0.03
        assertEquals(1000 / 0.03, t.get(CLV), 1e-6);
    }

    @Test
    void nps30From55Promoters20Passives25Detractors() {
        FactsBuilder b = book(JAN, JAN);
        account(b, "a");
        b.mrr("a", JAN, 100);
        int day = (int) JAN.atDay(20).toEpochDay();
        for (int i = 0; i < 100; i++) {
            int score = i < 55 ? 10 : i < 75 ? 8 : 3;
            b.survey("a", day, "NPS", score);
        }
        TenantMetrics t = reportingMonth(b);
        assertEquals(30.0, t.get(NPS), 1e-9);
    }

    @Test
    void zeroDenominatorsAreUndefinedNeverZero() {
        FactsBuilder b = book(JAN, JAN);
        account(b, "new");
        b.mrr("new", JAN, 500);
        TenantMetrics t = reportingMonth(b);
        assertEquals(0, t.amount(STARTING_MRR));
        assertNull(t.get(NRR));
        assertNull(t.get(GRR));
        assertNull(t.get(LOGO_CHURN_RATE));
        assertNull(t.get(LOGO_RETENTION));
        assertNull(t.get(UPSELL_RATE));
        assertNull(t.get(CLV), "no month has a defined logo churn rate");
        assertNull(t.get(NPS));
        assertNull(t.get(CSAT));
        assertNull(t.get(CES));
        assertNull(t.get(TIME_TO_RESOLUTION));
        assertNull(t.get(FCR));
        assertNull(t.get(RENEWAL_RATE));
        assertNull(t.get(T12_NRR));
        assertEquals(500, t.amount(NEW_MRR));
    }

    @Test
    void clvIsUndefinedWhenNobodyEverChurned() {
        FactsBuilder b = book(JAN, FEB);
        account(b, "a");
        b.mrr("a", JAN, 100);
        b.mrr("a", FEB, 100);
        assertNull(reportingMonth(b).get(CLV), "mean churn of 0 leaves CLV undefined");
    }

    @Test
    void reactivationIsNotNewMrr() {
        FactsBuilder b = book(JAN, YearMonth.of(2026, 3));
        account(b, "back");
        account(b, "fresh");
        b.mrr("back", JAN, 300);
        b.mrr("back", YearMonth.of(2026, 3), 350);
        b.mrr("fresh", YearMonth.of(2026, 3), 200);
        TenantMetrics t = reportingMonth(b);
        assertEquals(350, t.amount(REACTIVATION_MRR), 1e-9);
        assertEquals(200, t.amount(NEW_MRR), 1e-9);
        assertEquals(0, t.amount(CHURNED_MRR), 1e-9, "March's starting month is February, when neither was active");
    }

    @Test
    void seatUtilizationIsUndefinedWithoutSeats() {
        FactsBuilder b = book(JAN, JAN);
        b.account("none", "none", "SMB", null, LocalDate.of(2025, 1, 1), null, null, null);
        b.account("zero", "zero", "SMB", null, LocalDate.of(2025, 1, 1), null, 0, null);
        b.account("ten", "ten", "SMB", null, LocalDate.of(2025, 1, 1), null, 10, null);
        for (String id : List.of("none", "zero", "ten")) {
            b.mrr(id, JAN, 100);
        }
        int day = (int) JAN.atDay(31).toEpochDay();
        b.usage("ten", day, "u1", "reports", 3);
        b.usage("ten", day, "u2", "reports", 0);
        MetricsEngine.Result result = MetricsEngine.run(b.build(), HealthModel.defaults());
        assertNull(result.accounts().get(0).measures().get(Measure.SEAT_UTILIZATION));
        assertNull(result.accounts().get(1).measures().get(Measure.SEAT_UTILIZATION));
        assertEquals(10.0, result.accounts().get(2).measures().get(Measure.SEAT_UTILIZATION), 1e-9,
                "one active user (events > 0) of ten seats");
    }

    @Test
    void windowsAreOpenAtTheStartAndClosedAtTheEnd() {
        // D = 2026-01-31: (D−30, D] is 2026-01-02 .. 2026-01-31
        FactsBuilder b = book(JAN, JAN);
        account(b, "a");
        b.mrr("a", JAN, 100);
        b.usage("a", (int) LocalDate.of(2026, 1, 1).toEpochDay(), "outside", "x", 5);
        b.usage("a", (int) LocalDate.of(2026, 1, 2).toEpochDay(), "first", "x", 1);
        b.usage("a", (int) LocalDate.of(2026, 1, 31).toEpochDay(), "last", "x", 1);
        // tickets: "by D" means before 00:00 UTC of D+1
        long midnightAfterD = LocalDate.of(2026, 2, 1).toEpochDay() * 86_400;
        b.ticket("a", midnightAfterD - 1, null, null, null);
        b.ticket("a", midnightAfterD, null, null, null);
        b.ticket("a", midnightAfterD - 7200, midnightAfterD - 3600, midnightAfterD, null);
        MetricsEngine.Result result = MetricsEngine.run(b.build(), HealthModel.defaults());
        AccountFacts facts = result.accounts().get(0).facts();
        assertEquals(2, facts.mau[0], "users of Jan 2 and Jan 31; not Jan 1");
        assertEquals(5, facts.eventsPrior30[0], "Jan 1 is in (D−60, D−30]");
        assertEquals(2, facts.openTickets[0], "opened before D+1 and not resolved before D+1");
        assertEquals(1, facts.unansweredTickets[0]);
        assertEquals(0, facts.resolutionHours[0].length, "resolved at 00:00 of Feb 1 is not resolved in January");
    }

    @Test
    void usersFeaturesAndAccountsAreToldApartByTheirExactText() {
        // as the database sends them: UTF-8 bytes, compared without decoding
        FactsBuilder b = book(JAN, JAN);
        account(b, "Äpfel-1");
        account(b, "Äpfel-2");
        b.mrr("Äpfel-1", JAN, 100);
        b.mrr("Äpfel-2", JAN, 100);
        int day = (int) JAN.atDay(20).toEpochDay();
        List<String[]> rows = List.of(new String[] {"Äpfel-1", "jörg", "Berichte"},
                new String[] {"Äpfel-1", "jorg", "Berichte"}, new String[] {"Äpfel-1", "jörg", "berichte"},
                new String[] {"Äpfel-1", "Jörg", "報告"}, new String[] {"Äpfel-2", "jörg", "報告"});
        for (String[] row : rows) {
            b.usage(row[0].getBytes(StandardCharsets.UTF_8), day, row[1].getBytes(StandardCharsets.UTF_8),
                    row[2].getBytes(StandardCharsets.UTF_8), 1);
        }
        b.usage("Äpfel-2", day + 1, "jörg", "報告", 1); // the same texts as strings
        TenantFacts facts = b.build();
        AccountFacts first = facts.accounts().get(0);
        AccountFacts second = facts.accounts().get(1);
        assertEquals("Äpfel-1", first.id);
        assertEquals(3, first.mau[0], "jörg, jorg and Jörg");
        assertEquals(3, first.features30[0], "Berichte, berichte and 報告");
        assertEquals(1, second.mau[0], "jörg on two days");
        assertEquals(1, second.features30[0]);
        assertEquals(2, second.activeUserDays[0]);
        assertEquals(3, facts.tenantFeatures()[0], "features are numbered per tenant, across accounts");
    }

    @Test
    void unansweredTicketsCountInactiveAccountsToo() {
        FactsBuilder b = book(JAN, FEB);
        account(b, "gone");
        b.mrr("gone", JAN, 100);
        b.ticket("gone", LocalDate.of(2026, 2, 3).toEpochDay() * 86_400, null, null, null);
        assertEquals(1, reportingMonth(b).count(UNANSWERED_TICKETS));
    }

    @Test
    void overdueQbrsCountTheSegmentsTheTenantChose() {
        FactsBuilder b = book(JAN, JAN);
        b.account("ent", "ent", "Enterprise", null, LocalDate.of(2025, 1, 1), null, 10, null);
        b.account("smb", "smb", "SMB", null, LocalDate.of(2025, 1, 1), null, 10, null);
        b.account("smb-met", "smb-met", "SMB", null, LocalDate.of(2025, 1, 1), null, 10, null);
        for (String id : List.of("ent", "smb", "smb-met")) {
            b.mrr(id, JAN, 100);
        }
        b.activity("smb-met", (int) JAN.atDay(20).toEpochDay(), "QBR");
        assertEquals(1, reportingMonth(b).count(OVERDUE_QBRS), "by default Enterprise and Mid-Market");
        b.qbrSegments(Set.of("SMB"));
        assertEquals(1, reportingMonth(b).count(OVERDUE_QBRS), "smb; smb-met had its QBR, ent no longer counts");
        b.qbrSegments(Set.of("SMB", "Enterprise"));
        assertEquals(2, reportingMonth(b).count(OVERDUE_QBRS));
        b.qbrSegments(Set.of());
        assertEquals(0, reportingMonth(b).count(OVERDUE_QBRS));
    }
}
