package dev.bellwether.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bellwether.health.HealthCalculator.Score;

/** The health score of docs/metrics.md: points per measure, components, renormalised weights, bands, policies. */
class HealthCalculatorTest {

    @ParameterizedTest(name = "{0} = {1} → {2} points")
    @CsvSource({
            "SEAT_UTILIZATION, 20, 0", "SEAT_UTILIZATION, 50, 50", "SEAT_UTILIZATION, 80, 100",
            "SEAT_UTILIZATION, 120, 100",
            "DAYS_SINCE_CONTACT, 14, 100", "DAYS_SINCE_CONTACT, 52, 50", "DAYS_SINCE_CONTACT, 200, 0",
            "OPEN_TICKETS, 0, 100", "OPEN_TICKETS, 1, 80", "OPEN_TICKETS, 7, 0",
            "NPS, 0, 50", "MRR_CHANGE_3M, -7.5, 50", "USAGE_TREND, -10, 50" })
    void measurePointsAreClampedAndLowerIsBetterWhereGoodIsBelowPoor(Measure measure, double value, double points) {
        assertEquals(points, HealthModel.defaults().rule(measure).points(value), 1e-9);
    }

    @Test
    void componentsAreMeansAndAbsentComponentsGiveTheirWeightToTheOthers() {
        Map<Measure, Double> values = new EnumMap<>(Measure.class);
        values.put(Measure.SEAT_UTILIZATION, 50.0); // 50
        values.put(Measure.USAGE_TREND, 10.0); // 100 → usage 75
        values.put(Measure.OPEN_TICKETS, 0.0); // engagement 100 (days since contact undefined)
        values.put(Measure.MRR_CHANGE_3M, -20.0); // financial 0
        Score score = HealthCalculator.score(HealthModel.defaults(), "SMB", values, null);
        assertEquals(75.0, score.component(Component.USAGE), 1e-9);
        assertEquals(100.0, score.component(Component.ENGAGEMENT), 1e-9);
        assertNull(score.component(Component.OUTCOMES));
        assertEquals(0.0, score.component(Component.FINANCIAL), 1e-9);
        // (40·75 + 25·100 + 15·0) / 80
        assertEquals(68.75, score.health(), 1e-9);
        assertEquals(Band.NEEDS_ATTENTION, score.band());
        assertEquals(50.0, score.components().get(0).effectiveWeight(), 1e-9, "usage: 40 of the 80 present");
        assertEquals(0.0, score.components().get(2).effectiveWeight(), 1e-9, "outcomes absent");
    }

    @Test
    void noComponentMeansInsufficientData() {
        Score score = HealthCalculator.score(HealthModel.defaults(), "SMB", new EnumMap<>(Measure.class), null);
        assertNull(score.health());
        assertNull(score.band());
    }

    @ParameterizedTest
    @CsvSource({ "70, HEALTHY", "69.999, NEEDS_ATTENTION", "40, NEEDS_ATTENTION", "39.99, AT_RISK" })
    void bandEdges(double health, Band band) {
        assertEquals(band, HealthModel.defaults().bands().of(health));
    }

    @Test
    void missingDataPolicies() {
        HealthModel zero = withMissing(MissingData.ZERO);
        HealthModel carry = withMissing(MissingData.CARRY_FORWARD);
        Map<Measure, Double> values = new EnumMap<>(Measure.class);
        values.put(Measure.SEAT_UTILIZATION, 80.0);
        assertEquals(100.0, HealthCalculator.score(HealthModel.defaults(), null, values, null).health(), 1e-9);
        assertEquals(20.0, HealthCalculator.score(zero, null, values, null).health(), 1e-9,
                "every other measure counts 0: usage (100 + 0) / 2 = 50, the other components 0; 40 × 50 / 100");
        Map<Measure, Double> last = Map.of(Measure.USAGE_TREND, -10.0);
        assertEquals(75.0, HealthCalculator.score(carry, null, values, last::get).health(), 1e-9,
                "usage trend carried forward at 50 points");
        Map<Measure, Double> third = Map.of(Measure.USAGE_TREND, -10.0 / 3);
        HealthCalculator.Score carried = HealthCalculator.score(carry, null, values, third::get);
        assertEquals("no data: last known value -3.3 carried forward", carried.measures().stream()
                .filter(m -> m.measure() == Measure.USAGE_TREND).findFirst().orElseThrow().note(),
                "the value as every figure is shown, to one decimal");
    }

    @Test
    void segmentWeightsOverrideTheTenantsWeights() {
        HealthModel model = new HealthModel(HealthModel.defaults().weights(), HealthModel.defaults().measures(),
                HealthModel.defaults().bands(), HealthModel.defaults().alerts(),
                Map.of("Enterprise", Map.of(Component.USAGE, 0.0, Component.ENGAGEMENT, 100.0, Component.OUTCOMES, 0.0,
                        Component.FINANCIAL, 0.0)));
        Map<Measure, Double> values = new EnumMap<>(Measure.class);
        values.put(Measure.SEAT_UTILIZATION, 20.0);
        values.put(Measure.OPEN_TICKETS, 0.0);
        assertEquals(100.0, HealthCalculator.score(model, "Enterprise", values, null).health(), 1e-9);
        assertEquals(40.0 * 0 / 65 + 25.0 * 100 / 65, HealthCalculator.score(model, "SMB", values, null).health(),
                1e-9);
    }

    @Test
    void invalidModelsAreExplained() {
        HealthModel d = HealthModel.defaults();
        Map<Component, Double> weights = new EnumMap<>(d.weights());
        weights.put(Component.USAGE, 50.0);
        List<HealthModel.MeasureRule> measures = new java.util.ArrayList<>(d.measures());
        measures.set(0, new HealthModel.MeasureRule(Measure.SEAT_UTILIZATION, Component.USAGE, 30, 30,
                MissingData.EXCLUDE));
        HealthModel bad = new HealthModel(weights, measures, new HealthModel.Bands(40, 70), d.alerts(), Map.of());
        List<String> problems = bad.problems();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("sum to 110"));
        assertTrue(problems.get(1).contains("poor and good bounds are equal"));
        assertTrue(problems.get(2).contains("healthy threshold (40) must be above the at-risk threshold (70)"));
        assertEquals(List.of(), d.problems());
        // a threshold out of range is named alone (both fields were marked), and numbers read as typed (not 1.0E7)
        measures.set(0, new HealthModel.MeasureRule(Measure.SEAT_UTILIZATION, Component.USAGE, 1e7, 1e7,
                MissingData.EXCLUDE));
        assertEquals(List.of("measures.seatUtilization: poor and good bounds are equal (10000000); they must differ",
                "bands.healthy must lie between 0 and 100"), new HealthModel(d.weights(), measures,
                        new HealthModel.Bands(120, 40), d.alerts(), Map.of()).problems());
    }

    @Test
    void aSumIsWrittenAsItIsEvenBeyondALong() {
        assertEquals("70", HealthModel.sum(70));
        assertEquals("99.96", HealthModel.sum(99.96));
        assertEquals("100000000000000000000", HealthModel.sum(1e20));
    }

    private static HealthModel withMissing(MissingData policy) {
        HealthModel d = HealthModel.defaults();
        return new HealthModel(d.weights(), d.measures().stream()
                .map(m -> new HealthModel.MeasureRule(m.measure(), m.component(), m.poor(), m.good(), policy)).toList(),
                d.bands(), d.alerts(), Map.of());
    }
}
