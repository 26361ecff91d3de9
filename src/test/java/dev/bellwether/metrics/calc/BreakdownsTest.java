package dev.bellwether.metrics.calc;

import static dev.bellwether.metrics.calc.MetricDefinition.ACTIVE_ACCOUNTS;
import static dev.bellwether.metrics.calc.MetricDefinition.ARR;
import static dev.bellwether.metrics.calc.MetricDefinition.ENDING_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.GRR;
import static dev.bellwether.metrics.calc.MetricDefinition.LOGO_CHURN_RATE;
import static dev.bellwether.metrics.calc.MetricDefinition.NPS;
import static dev.bellwether.metrics.calc.MetricDefinition.NRR;
import static dev.bellwether.metrics.calc.MetricDefinition.PERCENT_HEALTHY;
import static dev.bellwether.metrics.calc.MetricDefinition.STARTING_MRR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.bellwether.health.HealthModel;

/**
 * Breakdowns on a book worked out by hand, January to March 2026 (M = March, D = 31 March):
 * <ul>
 * <li>a: Retail, Growth, ann, customer since 15 Jan 2025; 100, 100, 120 (tenure 14 months: 12-23);</li>
 * <li>b: Retail, no plan, no CSM, since 1 Feb 2026; 0, 50, 0 (churns in March; tenure 1: 0-5);</li>
 * <li>c: no industry, Growth, ann, since 10 Apr 2026, after D; 10, 10, 10 (tenure (none));</li>
 * <li>d: Energy, no plan, no CSM, since Jan 2020; 30, 0, 0 (gone before March: an empty slice).</li>
 * </ul>
 */
class BreakdownsTest {

    static MetricsEngine.Result result;
    static int m;

    @BeforeAll
    static void run() {
        FactsBuilder b = new FactsBuilder(new Months(YearMonth.of(2026, 1), YearMonth.of(2026, 3)));
        b.account("a", "a", "SMB", "Retail", "Growth", "ann@x.example", LocalDate.of(2025, 1, 15), null, null, null);
        b.account("b", "b", "SMB", "Retail", null, null, LocalDate.of(2026, 2, 1), null, null, null);
        b.account("c", "c", "SMB", " ", "Growth", "ann@x.example", LocalDate.of(2026, 4, 10), null, null, null);
        b.account("d", "d", "Enterprise", "Energy", null, null, LocalDate.of(2020, 1, 1), null, null, null);
        mrr(b, "a", 100, 100, 120);
        mrr(b, "b", 0, 50, 0);
        mrr(b, "c", 10, 10, 10);
        mrr(b, "d", 30, 0, 0);
        result = MetricsEngine.run(b.build(), HealthModel.defaults());
        m = result.reportingMonth();
    }

    private static void mrr(FactsBuilder b, String id, double... amounts) {
        for (int i = 0; i < amounts.length; i++) {
            b.mrr(id, YearMonth.of(2026, 1 + i), amounts[i]);
        }
    }

    /**
     * Retail at March: starting 100 + 50, ending 120; a expands by 20, b churns 50. NRR (150 + 20 −
     * 50) / 150 = 80 %, GRR (150 − 50) / 150 = 66.7 %, logo churn 1 of 2 = 50 %, one active account,
     * healthy (open tickets 0 is its only measure: engagement 100).
     */
    @Test
    void aSliceIsTheTenantFormulasOverItsAccounts() {
        TenantMetrics retail = result.slices(Slice.INDUSTRY).get("Retail").get(m);
        assertEquals(150.0, retail.amount(STARTING_MRR));
        assertEquals(120.0, retail.amount(ENDING_MRR));
        assertEquals(1440.0, retail.amount(ARR));
        assertEquals(80.0, retail.get(NRR), 1e-9);
        assertEquals(100.0 / 150 * 100, retail.get(GRR), 1e-9);
        assertEquals(50.0, retail.get(LOGO_CHURN_RATE), 1e-9);
        assertEquals(1, retail.count(ACTIVE_ACCOUNTS));
        assertEquals(100.0, retail.get(PERCENT_HEALTHY), 1e-9);
        assertNull(retail.get(NPS), "no NPS answers");
    }

    @Test
    void anEmptySliceHasZeroMoneyAndUndefinedRatios() {
        TenantMetrics energy = result.slices(Slice.INDUSTRY).get("Energy").get(m);
        assertEquals(0.0, energy.amount(STARTING_MRR));
        assertEquals(0.0, energy.amount(ENDING_MRR));
        assertEquals(0, energy.count(ACTIVE_ACCOUNTS));
        assertNull(energy.get(NRR));
        assertNull(energy.get(GRR));
        assertNull(energy.get(LOGO_CHURN_RATE));
        assertNull(energy.get(PERCENT_HEALTHY));
    }

    @Test
    void missingValuesAreTheirOwnSlice() {
        assertEquals(Set.of("(none)", "Energy", "Retail"), result.slices(Slice.INDUSTRY).keySet());
        assertEquals(Set.of("(none)", "Growth"), result.slices(Slice.PLAN).keySet());
        assertEquals(Set.of("(none)", "ann@x.example"), result.slices(Slice.CSM).keySet());
        assertEquals(Set.of("Enterprise", "SMB"), result.slices(Slice.SEGMENT).keySet());
        assertEquals(110.0, result.slices(Slice.PLAN).get("Growth").get(m).amount(STARTING_MRR));
        assertEquals(50.0, result.slices(Slice.CSM).get("(none)").get(m).amount(STARTING_MRR));
    }

    /**
     * A CSM column that literally says "(none)" or "(unassigned)" is no CSM: those accounts join the accounts
     * without one in the CSM breakdown's (none) slice, which still adds up (it once overwrote them).
     */
    @Test
    void aCsmWrittenAsNoneIsInTheNoneSliceWithTheAccountsWithoutOne() {
        FactsBuilder b = new FactsBuilder(new Months(YearMonth.of(2026, 1), YearMonth.of(2026, 1)));
        b.account("a", "a", "SMB", null, null, "(none)", LocalDate.of(2025, 1, 15), null, null, null);
        b.account("b", "b", "SMB", null, null, null, LocalDate.of(2025, 1, 15), null, null, null);
        b.account("c", "c", "SMB", null, null, "(unassigned)", LocalDate.of(2025, 1, 15), null, null, null);
        b.account("d", "d", "SMB", null, null, "ann@x.example", LocalDate.of(2025, 1, 15), null, null, null);
        b.mrr("a", YearMonth.of(2026, 1), 1000);
        b.mrr("b", YearMonth.of(2026, 1), 10);
        b.mrr("c", YearMonth.of(2026, 1), 200);
        b.mrr("d", YearMonth.of(2026, 1), 5);
        MetricsEngine.Result run = MetricsEngine.run(b.build(), HealthModel.defaults());
        Map<String, List<TenantMetrics>> csm = run.slices(Slice.CSM);
        assertEquals(Set.of("(none)", "ann@x.example"), csm.keySet());
        assertEquals(1210.0, csm.get("(none)").get(0).amount(ENDING_MRR));
        assertEquals(3, csm.get("(none)").get(0).count(ACTIVE_ACCOUNTS));
        assertEquals(Set.of(MetricsEngine.NO_CSM, "ann@x.example"), run.byCsm().keySet());
    }

    /** Tenure moves with the month: b is (none) in January (a customer only from February). */
    @Test
    void tenureIsBandedAtEachMonth() {
        Map<String, List<TenantMetrics>> tenure = result.slices(Slice.TENURE);
        assertEquals(Set.of("(none)", "0-5", "12-23", "24+"), tenure.keySet());
        assertEquals(120.0, tenure.get("12-23").get(m).amount(ENDING_MRR));
        assertEquals(50.0, tenure.get("0-5").get(m).amount(STARTING_MRR));
        assertEquals(10.0, tenure.get("(none)").get(m).amount(ENDING_MRR));
        assertEquals(30.0, tenure.get("24+").get(0).amount(ENDING_MRR));
        assertEquals(10.0, tenure.get("(none)").get(0).amount(ENDING_MRR), "b is not a customer yet in January");
        assertNull(tenure.get("0-5").get(0), "nobody is in 0-5 in January: no slice that month");
    }

    @Test
    void theSlicesOfEachAttributeAddUpToTheTenantInEveryMonth() {
        for (Slice by : Slice.values()) {
            for (int i = 0; i <= m; i++) {
                int month = i;
                TenantMetrics tenant = result.tenant().get(i);
                List<TenantMetrics> slices = result.slices(by).values().stream().map(s -> s.get(month))
                        .filter(java.util.Objects::nonNull).toList();
                assertEquals(tenant.amount(STARTING_MRR),
                        slices.stream().mapToDouble(s -> s.amount(STARTING_MRR)).sum(), 1e-9);
                assertEquals(tenant.amount(ENDING_MRR), slices.stream().mapToDouble(s -> s.amount(ENDING_MRR)).sum(),
                        1e-9);
                assertEquals(tenant.count(ACTIVE_ACCOUNTS),
                        slices.stream().mapToInt(s -> s.count(ACTIVE_ACCOUNTS)).sum());
            }
        }
    }

    @Test
    void tenureBands() {
        Months months = new Months(YearMonth.of(2026, 1), YearMonth.of(2026, 12));
        AccountFacts a = new AccountFacts("a", "a", null, null, LocalDate.of(2025, 12, 31), null, null, null, 12);
        assertEquals("0-5", Slice.tenure(a, months, 0));
        assertEquals("0-5", Slice.tenure(a, months, 4));
        assertEquals("6-11", Slice.tenure(a, months, 5));
        assertEquals("6-11", Slice.tenure(a, months, 10));
        assertEquals("12-23", Slice.tenure(a, months, 11));
        assertEquals("Unsegmented", Slice.SEGMENT.keyOf(a, months, 0));
    }
}
