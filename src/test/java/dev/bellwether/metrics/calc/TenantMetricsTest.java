package dev.bellwether.metrics.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A month's figures: every book figure set once, read by its definition, asking amiss fails at once. */
class TenantMetricsTest {

    private static TenantMetrics.Builder allUndefined() {
        TenantMetrics.Builder b = TenantMetrics.builder("2026-01");
        MetricDefinition.ofBooks().forEach(d -> b.set(d, (Double) null));
        return b;
    }

    @Test
    void theBookFiguresAreTheApisFieldsInOrder() {
        assertEquals(List.of("startingMrr", "newMrr", "reactivationMrr", "expansionMrr", "contractionMrr", "churnedMrr",
                "endingMrr", "arr", "grr", "nrr", "revenueChurnRate", "expansionRate", "customersAtStart",
                "activeAccounts", "logoChurnRate", "logoRetention", "upsellRate", "arpa", "clv", "t12Nrr", "t12Grr",
                "nps", "csat", "ces", "percentHealthy", "healthyAccounts", "needsAttentionAccounts", "atRiskAccounts",
                "unscoredAccounts", "contactRate", "overdueQbrs", "unansweredTickets", "timeToResolutionHours", "fcr",
                "ttfvDays", "activationRate", "renewalRate", "expansionPipeline"),
                MetricDefinition.ofBooks().stream().map(MetricDefinition::key).toList());
    }

    @Test
    void aFigureLeftOutFailsTheBuild() {
        TenantMetrics.Builder b = TenantMetrics.builder("2026-01");
        b.set(MetricDefinition.NRR, 104.5);
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertEquals(true, e.getMessage().contains("startingMrr"), e.getMessage());
    }

    @Test
    void valuesReadBackByTheirDefinition() {
        TenantMetrics m = allUndefined().set(MetricDefinition.NRR, 104.5).set(MetricDefinition.OVERDUE_QBRS, 3)
                .set(MetricDefinition.ENDING_MRR, 250.0).build();
        assertEquals(104.5, m.get(MetricDefinition.NRR));
        assertEquals(3, m.count(MetricDefinition.OVERDUE_QBRS));
        assertEquals(3.0, m.get(MetricDefinition.OVERDUE_QBRS));
        assertEquals(250.0, m.amount(MetricDefinition.ENDING_MRR));
        assertNull(m.get(MetricDefinition.GRR));
        assertEquals(3, m.asMap().get("overdueQbrs"));
        assertEquals("2026-01", m.asMap().get("month"));
    }

    @ParameterizedTest
    @EnumSource(value = MetricDefinition.class, names = { "HEALTH", "SEAT_UTILIZATION", "MAU", "FEATURE_ADOPTION" })
    void anAccountsFigureIsNoBooksFigure(MetricDefinition accountFigure) {
        TenantMetrics m = allUndefined().build();
        assertThrows(IllegalArgumentException.class, () -> m.get(accountFigure));
        assertThrows(IllegalArgumentException.class, () -> TenantMetrics.builder("2026-01").set(accountFigure, 1.0));
    }

    @Test
    void countsAndAmountsAreAskedOfTheRightFigures() {
        TenantMetrics m = allUndefined().build();
        assertThrows(IllegalArgumentException.class, () -> m.count(MetricDefinition.NRR));
        assertThrows(IllegalArgumentException.class, () -> m.amount(MetricDefinition.NRR));
    }
}
