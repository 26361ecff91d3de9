package dev.bellwether.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bellwether.health.Component;
import dev.bellwether.health.HealthCalculator;
import dev.bellwether.health.Measure;
import dev.bellwether.metrics.calc.AccountResult;

/**
 * An account at the reporting month as the snapshot keeps it: components and measures (docs/api.md's
 * shape), engagement, and the full explanation of its score: each measure's value, bounds and
 * points, each component's weight after renormalisation.
 */
public record AccountDetail(Map<String, Double> components, Map<String, Double> measures, Integer mau, Double dauMau,
        Double featureAdoption, List<ComponentPart> explainComponents, List<MeasurePart> explainMeasures,
        int modelVersion, List<MeasurePart> previousMeasures) {

    /**
     * A component's part of the score; {@code effectiveWeight} is its share (%) after absent
     * components gave theirs away.
     */
    public record ComponentPart(String component, Double score, double weight, double effectiveWeight) {
    }

    /** A measure's part of the score; {@code points} null when it did not count. */
    public record MeasurePart(String measure, String label, String unit, String component, Double value, double poor,
            double good, Double points, String note) {
    }

    static AccountDetail of(AccountResult account, int month, int modelVersion) {
        HealthCalculator.Score score = account.scores()[month];
        Map<String, Double> components = new LinkedHashMap<>();
        for (Component component : Component.values()) {
            components.put(component.key(), score == null ? null : score.component(component));
        }
        Map<String, Double> measures = new LinkedHashMap<>();
        for (Measure measure : Measure.values()) {
            measures.put(measure.key(), account.measures().get(measure));
        }
        List<ComponentPart> explainComponents = score == null ? List.of() : score.components().stream()
                .map(c -> new ComponentPart(c.component().key(), c.score(), c.weight(), c.effectiveWeight())).toList();
        HealthCalculator.Score before = month > 0 ? account.scores()[month - 1] : null;
        return new AccountDetail(components, measures, account.mau(), account.dauMau(), account.featureAdoption(),
                explainComponents, parts(score), modelVersion, parts(before));
    }

    /** Each measure's part of {@code score}; empty without a score (the account did not pay that month). */
    private static List<MeasurePart> parts(HealthCalculator.Score score) {
        return score == null ? List.of() : score.measures().stream()
                .map(m -> new MeasurePart(m.measure().key(), m.measure().label(), m.measure().unit(),
                        m.component().key(), m.value(), m.poor(), m.good(), m.points(), m.note()))
                .toList();
    }
}
