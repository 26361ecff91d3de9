package dev.bellwether.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import dev.bellwether.health.AlertRule;
import dev.bellwether.health.Band;
import dev.bellwether.health.HealthModel.AlertSetting;

/** The six rules of metrics.md at their thresholds and just past them. */
class AlertRulesTest {

    private static final LocalDate D = LocalDate.of(2026, 10, 31);

    private static AlertRules.Inputs inputs(Double health, Double previous, Band band, Double trend, Integer nps,
            LocalDate renewal, Integer days, LocalDate since) {
        return new AlertRules.Inputs(health, previous, band, trend, nps, renewal, days, since, D);
    }

    private static String fire(AlertRule rule, AlertRules.Inputs in) {
        return AlertRules.evaluate(new AlertSetting(rule, true, rule.defaultThreshold()), in);
    }

    @Test
    void healthDropOf15PointsOrMore() {
        assertNotNull(fire(AlertRule.HEALTH_DROP, inputs(50.0, 65.0, Band.NEEDS_ATTENTION, null, null, null, 1, null)));
        assertNull(fire(AlertRule.HEALTH_DROP, inputs(50.1, 65.0, Band.NEEDS_ATTENTION, null, null, null, 1, null)));
        assertNull(fire(AlertRule.HEALTH_DROP, inputs(50.0, null, Band.NEEDS_ATTENTION, null, null, null, 1, null)),
                "needs a health score at M−1");
    }

    @Test
    void usageDeclineAtMinus25() {
        assertNotNull(fire(AlertRule.USAGE_DECLINE, inputs(null, null, null, -25.0, null, null, 1, null)));
        assertNull(fire(AlertRule.USAGE_DECLINE, inputs(null, null, null, -24.9, null, null, 1, null)));
    }

    @Test
    void detractorAtSixOrBelow() {
        assertNotNull(fire(AlertRule.DETRACTOR, inputs(null, null, null, null, 6, null, 1, null)));
        assertNull(fire(AlertRule.DETRACTOR, inputs(null, null, null, null, 7, null, 1, null)));
    }

    @Test
    void renewalRiskFromDToDPlus90WhenNotHealthy() {
        assertNotNull(fire(AlertRule.RENEWAL_RISK, inputs(50.0, null, Band.NEEDS_ATTENTION, null, null, D, 1, null)));
        assertNotNull(fire(AlertRule.RENEWAL_RISK, inputs(null, null, null, null, null, D.plusDays(90), 1, null)),
                "no band counts as not healthy");
        assertNull(fire(AlertRule.RENEWAL_RISK, inputs(50.0, null, Band.AT_RISK, null, null, D.plusDays(91), 1, null)));
        assertNull(fire(AlertRule.RENEWAL_RISK, inputs(50.0, null, Band.AT_RISK, null, null, D.minusDays(1), 1, null)));
        assertNull(fire(AlertRule.RENEWAL_RISK, inputs(80.0, null, Band.HEALTHY, null, null, D.plusDays(10), 1, null)));
    }

    @Test
    void noContactAfter60DaysOrNeverSinceLongAgo() {
        assertNotNull(fire(AlertRule.NO_CONTACT, inputs(null, null, null, null, null, null, 61, null)));
        assertNull(fire(AlertRule.NO_CONTACT, inputs(null, null, null, null, null, null, 60, null)));
        assertNotNull(fire(AlertRule.NO_CONTACT, inputs(null, null, null, null, null, null, null, D.minusDays(61))));
        assertNull(fire(AlertRule.NO_CONTACT, inputs(null, null, null, null, null, null, null, D.minusDays(60))));
    }

    @Test
    void atRiskFollowsTheBandAndThresholdsAreConfigurable() {
        assertNotNull(fire(AlertRule.AT_RISK, inputs(12.0, null, Band.AT_RISK, null, null, null, 1, null)));
        assertNull(fire(AlertRule.AT_RISK, inputs(45.0, null, Band.NEEDS_ATTENTION, null, null, null, 1, null)));
        AlertSetting strict = new AlertSetting(AlertRule.NO_CONTACT, true, 30.0);
        assertEquals("No contact for 31 days",
                AlertRules.evaluate(strict, inputs(null, null, null, null, null, null, 31, null)));
    }
}
