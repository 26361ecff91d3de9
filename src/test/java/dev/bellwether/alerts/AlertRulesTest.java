package dev.bellwether.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The six rules of docs/metrics.md at their thresholds and just past them, with the reasons people read. */
class AlertRulesTest {

    private static final LocalDate D = LocalDate.of(2026, 10, 31);

    /** An account's standing at M: its band as the rules see it. */
    private enum Standing {
        HEALTHY("Healthy"), NEEDS_ATTENTION("Needs attention"), AT_RISK("At risk"), NOT_SCORED(null);

        final String label;

        Standing(String label) {
            this.label = label;
        }
    }

    private static AlertRules.Inputs inputs(Double health, Double previous, Standing standing, Double trend,
            Integer nps, LocalDate renewal, Integer days, LocalDate since) {
        return new AlertRules.Inputs(health, previous, standing == Standing.AT_RISK, standing == Standing.HEALTHY,
                standing.label, trend, nps, renewal, days, since, D);
    }

    private static Arguments fires(AlertRule rule, AlertRules.Inputs in, String detail) {
        return Arguments.of(rule, in, detail);
    }

    static Stream<Arguments> cases() {
        Standing attention = Standing.NEEDS_ATTENTION;
        Standing none = Standing.NOT_SCORED;
        return Stream.of(
                fires(AlertRule.HEALTH_DROP, inputs(50.0, 65.0, attention, null, null, null, 1, null),
                        "Health fell 15.0 points, from 65.0 to 50.0"),
                fires(AlertRule.HEALTH_DROP, inputs(50.1, 65.0, attention, null, null, null, 1, null), null),
                // needs a health score at M−1
                fires(AlertRule.HEALTH_DROP, inputs(50.0, null, attention, null, null, null, 1, null), null),
                fires(AlertRule.USAGE_DECLINE, inputs(null, null, none, -25.0, null, null, 1, null),
                        "Usage -25.0 % against the 30 days before"),
                fires(AlertRule.USAGE_DECLINE, inputs(null, null, none, -24.9, null, null, 1, null), null),
                fires(AlertRule.DETRACTOR, inputs(null, null, none, null, 6, null, 1, null),
                        "An NPS answer of 6 in the last 30 days"),
                fires(AlertRule.DETRACTOR, inputs(null, null, none, null, 7, null, 1, null), null),
                fires(AlertRule.RENEWAL_RISK, inputs(50.0, null, attention, null, null, D, 1, null),
                        "Renews on 2026-10-31, the reporting month's last day, and is in the needs-attention band"),
                // no band counts as not healthy
                fires(AlertRule.RENEWAL_RISK, inputs(null, null, none, null, null, D.plusDays(90), 1, null),
                        "Renews on 2027-01-29, 90 days after the reporting month ended (2026-10-31), "
                                + "and has no health score"),
                fires(AlertRule.RENEWAL_RISK, inputs(30.0, null, Standing.AT_RISK, null, null, D.plusDays(1), 1, null),
                        "Renews on 2026-11-01, 1 day after the reporting month ended (2026-10-31), "
                                + "and is in the at-risk band"),
                fires(AlertRule.RENEWAL_RISK, inputs(30.0, null, Standing.AT_RISK, null, null, D.plusDays(91), 1, null),
                        null),
                fires(AlertRule.RENEWAL_RISK, inputs(30.0, null, Standing.AT_RISK, null, null, D.minusDays(1), 1, null),
                        null),
                fires(AlertRule.RENEWAL_RISK, inputs(80.0, null, Standing.HEALTHY, null, null, D.plusDays(10), 1, null),
                        null),
                fires(AlertRule.NO_CONTACT, inputs(null, null, none, null, null, null, 61, null),
                        "No contact for 61 days"),
                fires(AlertRule.NO_CONTACT, inputs(null, null, none, null, null, null, 60, null), null),
                fires(AlertRule.NO_CONTACT, inputs(null, null, none, null, null, null, null, D.minusDays(61)),
                        "No recorded contact since becoming a customer on 2026-08-31"),
                fires(AlertRule.NO_CONTACT, inputs(null, null, none, null, null, null, null, D.minusDays(60)), null),
                fires(AlertRule.NO_CONTACT, inputs(null, null, none, null, null, null, null, null), null),
                fires(AlertRule.AT_RISK, inputs(12.0, null, Standing.AT_RISK, null, null, null, 1, null),
                        "Health 12.0 is in the at-risk band"),
                fires(AlertRule.AT_RISK, inputs(45.0, null, attention, null, null, null, 1, null), null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void eachRuleAtItsDefaultThreshold(AlertRule rule, AlertRules.Inputs in, String detail) {
        assertEquals(detail, AlertRules.evaluate(AlertSetting.defaultOf(rule), in));
    }

    @Test
    void thresholdsAreConfigurable() {
        AlertSetting strict = new AlertSetting(AlertRule.NO_CONTACT, true, 30.0);
        assertEquals("No contact for 31 days",
                AlertRules.evaluate(strict, inputs(null, null, Standing.NOT_SCORED, null, null, null, 31, null)));
    }

    /**
     * The alerts' one-decimal figures are the exact value rounded half away from zero, digit for digit, and
     * read as the pages write them (less their thousands commas): on figures as the engine makes them
     * (health, differences of two, percentages of counts), on every tie and its neighbours, and on random
     * values of every size and sign.
     */
    @Test
    void oneDecimalIsTheExactValueRoundedAsThePagesWriteIt() {
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 0.05, -0.05, 0.04999999999999999, 0.15, 0.25,
                0.35, 2.675, 1e8, 9.999999e7, 1e300, -1e300, Double.MIN_VALUE, -Double.MIN_VALUE, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.04, -0.06, 99.95, 99.94999999999999));
        for (int tenths = -20_000; tenths <= 20_000; tenths++) {
            double tie = (tenths + 0.5) / 10;
            values.add(tie);
            values.add(Math.nextUp(tie));
            values.add(Math.nextDown(tie));
        }
        for (int a = 0; a <= 200; a++) {
            for (int b = 1; b <= 200; b++) {
                values.add(a * 100.0 / b); // a percentage of counts
                values.add((a - b) * 100.0 / b); // a change in percent
            }
        }
        Random random = new Random(20261201);
        for (int i = 0; i < 200_000; i++) {
            values.add(random.nextDouble() * 100); // a health
            values.add(random.nextDouble() * 100 - random.nextDouble() * 100); // a drop
            values.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(12) - 3));
            values.add(Double.longBitsToDouble(random.nextLong()));
        }
        for (double value : values) {
            String expected = !Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f", value)
                    : new java.math.BigDecimal(value).setScale(1, java.math.RoundingMode.HALF_UP).signum() == 0 ? "0.0"
                    : new java.math.BigDecimal(value).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString();
            assertEquals(expected, AlertRules.one(value), () -> "for " + value);
            if (Double.isFinite(value) && Math.abs(value) < 1000) {
                assertEquals(dev.bellwether.web.Figure.format(value, dev.bellwether.metrics.calc.MetricDefinition.Unit
                        .SCORE, null).replace(",", ""), AlertRules.one(value), () -> "as the pages write " + value);
            }
        }
        // 1.45 is stored as 1.4499…: the page says 1.4, and so does the alert
        assertEquals("1.4", AlertRules.one(1.45));
        assertEquals("0.0", AlertRules.one(-0.04));
    }

    /** A health-drop threshold of 0 is any fall: an unchanged score (or a rise) opens no alert. */
    @Test
    void aHealthDropThresholdOfZeroIsAnyFallNotAnUnchangedScore() {
        AlertSetting zero = new AlertSetting(AlertRule.HEALTH_DROP, true, 0.0);
        assertEquals(null, AlertRules.evaluate(zero, inputs(72.0, 72.0, Standing.HEALTHY, null, null, null, 1, null)));
        assertEquals(null, AlertRules.evaluate(zero, inputs(73.0, 72.0, Standing.HEALTHY, null, null, null, 1, null)));
        assertEquals("Health fell 0.1 points, from 72.1 to 72.0", AlertRules.evaluate(zero,
                inputs(72.0, 72.1, Standing.HEALTHY, null, null, null, 1, null)));
    }

    /** The fall is worded from the scores as shown, as the CSM list's change column is: both say 15.1. */
    @Test
    void aHealthDropIsWordedFromTheScoresAsShown() {
        AlertSetting fifteen = new AlertSetting(AlertRule.HEALTH_DROP, true, 15.0);
        assertEquals("Health fell 15.1 points, from 55.1 to 40.0", AlertRules.evaluate(fifteen,
                inputs(40.04, 55.06, Standing.AT_RISK, null, null, null, 1, null)));
    }
}
