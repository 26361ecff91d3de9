package dev.bellwether.metrics;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bellwether.health.Component;
import dev.bellwether.health.HealthCalculator;
import dev.bellwether.health.HealthModel;
import dev.bellwether.health.Measure;
import dev.bellwether.metrics.calc.AccountResult;

/**
 * An account at the reporting month as its page shows it: components and measures (docs/api.md's
 * shape), engagement, and the full explanation of its score: each measure's value, bounds and
 * points, each component's weight after renormalisation.
 *
 * <p>The snapshot does not store it: it stores the scoring's inputs ({@link Stored}: a few hundred
 * bytes instead of 2.6 kB of explanation per account and recalculation), and the explanation is
 * worked out again from them and the model version that scored them when a page asks
 * ({@link #of(Stored, HealthModel)}). The health calculator is pure, so that gives the very
 * figures the recalculation had.
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

    /**
     * What a snapshot keeps of an account's scoring at the reporting month M and the month before:
     * the segment (its weights), each measure's value at M, whether M and M−1 were scored (the account
     * paid then), the values M−1 was scored with, and the last known values carried forward in place
     * of missing ones (only those that were).
     */
    public record Stored(int modelVersion, String segment, Map<String, Double> values, boolean scored,
            Map<String, Double> carried, Map<String, Double> previousValues, Map<String, Double> previousCarried,
            Integer mau, Double dauMau, Double featureAdoption) {

        static Stored of(AccountResult account, int month, int modelVersion) {
            Map<String, Double> values = new LinkedHashMap<>();
            account.measures().forEach((measure, value) -> values.put(measure.key(), value));
            HealthCalculator.Score score = account.scores()[month];
            HealthCalculator.Score before = month > 0 ? account.scores()[month - 1] : null;
            return new Stored(modelVersion, account.facts().segment, values, score != null, carried(score),
                    before == null ? null : values(before), before == null ? null : carried(before), account.mau(),
                    account.dauMau(), account.featureAdoption());
        }

        private static Map<String, Double> values(HealthCalculator.Score score) {
            Map<String, Double> values = new LinkedHashMap<>();
            score.measures().forEach(m -> values.put(m.measure().key(), m.value()));
            return values;
        }

        private static Map<String, Double> carried(HealthCalculator.Score score) {
            Map<String, Double> carried = new LinkedHashMap<>();
            if (score != null) {
                score.measures().stream().filter(m -> m.carried() != null)
                        .forEach(m -> carried.put(m.measure().key(), m.carried()));
            }
            return carried;
        }
    }

    /** The explanation of {@code stored}, worked out again with {@code model}, the version that scored it. */
    public static AccountDetail of(Stored stored, HealthModel model) {
        HealthCalculator.Score score = stored.scored() ? score(model, stored.segment(), stored.values(),
                stored.carried()) : null;
        HealthCalculator.Score before = stored.previousValues() == null ? null
                : score(model, stored.segment(), stored.previousValues(), stored.previousCarried());
        return of(score, before, byKey(stored.values()), stored.mau(), stored.dauMau(), stored.featureAdoption(),
                stored.modelVersion());
    }

    /**
     * The explanation of {@code score} (null when the account did not pay at M), with {@code before}
     * the score of M−1 (null when none), {@code measures} each measure's value at M by key.
     */
    static AccountDetail of(HealthCalculator.Score score, HealthCalculator.Score before, Map<String, Double> measures,
            Integer mau, Double dauMau, Double featureAdoption, int modelVersion) {
        List<ComponentPart> explainComponents = score == null ? List.of() : score.components().stream()
                .map(c -> new ComponentPart(c.component().key(), c.score(), c.weight(), c.effectiveWeight())).toList();
        return new AccountDetail(components(score), measures, mau, dauMau, featureAdoption, explainComponents,
                parts(score), modelVersion, parts(before));
    }

    /** The components of an account without figures: every component's key, each without a score. */
    public static Map<String, Double> noComponents() {
        return components(null);
    }

    /** Every component's score by key, in the components' order (null without a score). */
    private static Map<String, Double> components(HealthCalculator.Score score) {
        Map<String, Double> components = new LinkedHashMap<>();
        for (Component component : Component.values()) {
            components.put(component.key(), score == null ? null : score.component(component));
        }
        return components;
    }

    /** The measures of an account without figures: every measure's key, each without a value. */
    public static Map<String, Double> noMeasures() {
        return byKey(null);
    }

    /** Every measure's value by key, in the measures' order (null where it has none). */
    private static Map<String, Double> byKey(Map<String, Double> values) {
        Map<String, Double> measures = new LinkedHashMap<>();
        for (Measure measure : Measure.values()) {
            measures.put(measure.key(), values == null ? null : values.get(measure.key()));
        }
        return measures;
    }

    private static HealthCalculator.Score score(HealthModel model, String segment, Map<String, Double> values,
            Map<String, Double> carried) {
        Map<Measure, Double> byMeasure = new EnumMap<>(Measure.class);
        values.forEach((key, value) -> Measure.of(key).ifPresent(measure -> byMeasure.put(measure, value)));
        return HealthCalculator.score(model, segment, byMeasure,
                carried == null ? null : measure -> carried.get(measure.key()));
    }

    /** Each measure's part of {@code score}; empty without a score (the account did not pay that month). */
    private static List<MeasurePart> parts(HealthCalculator.Score score) {
        return score == null ? List.of() : score.measures().stream()
                .map(m -> new MeasurePart(m.measure().key(), m.measure().label(), m.measure().unit(),
                        m.component().key(), m.value(), m.poor(), m.good(), m.points(), m.note()))
                .toList();
    }
}
