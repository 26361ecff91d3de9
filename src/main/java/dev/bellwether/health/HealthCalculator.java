package dev.bellwether.health;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The health score of docs/metrics.md, and its explanation. Pure: a model and measure values in, a
 * score out.
 * <ul>
 * <li>each measure with a value scores {@code clamp((value − poor) / (good − poor), 0, 1) × 100};</li>
 * <li>a component's score is the mean of its scored measures; with none it is absent;</li>
 * <li>health = Σ wᶜ·scoreᶜ / Σ wᶜ over present components (absent components' weight goes to
 * the others in proportion); no component present: no health ("insufficient data").</li>
 * </ul>
 * A measure without a value follows its {@link MissingData} policy.
 */
public final class HealthCalculator {

    private HealthCalculator() {
    }

    /**
     * One measure's part of a score. {@code points} is null when the measure did not count;
     * {@code carried} is the last known value that stood in for a missing one, else null.
     */
    public record MeasureScore(Measure measure, Component component, Double value, double poor, double good,
            Double points, String note, Double carried) {
    }

    /**
     * One component's part of a score: its score (null when absent), its configured weight, and its
     * weight after renormalisation over the present components (0 when absent), in percent.
     */
    public record ComponentScore(Component component, Double score, double weight, double effectiveWeight) {
    }

    /** A score with everything that explains it. {@code health} and {@code band} are null for insufficient data. */
    public record Score(Double health, Band band, List<ComponentScore> components, List<MeasureScore> measures) {

        /** The component's score, null when absent (a loop: the analytics ask this millions of times). */
        public Double component(Component component) {
            for (ComponentScore c : components) {
                if (c.component() == component) {
                    return c.score();
                }
            }
            return null;
        }
    }

    /**
     * Scores one account.
     *
     * @param values    each measure's value now (null: no value)
     * @param lastKnown each measure's last value in an earlier month (for carry-forward), or null
     */
    public static Score score(HealthModel model, String segment, Map<Measure, Double> values,
            Function<Measure, Double> lastKnown) {
        Map<Component, List<Double>> byComponent = new EnumMap<>(Component.class);
        List<MeasureScore> measures = new ArrayList<>();
        for (HealthModel.MeasureRule rule : model.measures()) {
            Double value = values.get(rule.measure());
            Double points = null;
            String note = null;
            Double carried = null;
            if (value != null) {
                points = rule.points(value);
            } else if (rule.missing() == MissingData.ZERO) {
                points = 0.0;
                note = "no data: counts as 0";
            } else if (rule.missing() == MissingData.CARRY_FORWARD && lastKnown != null
                    && lastKnown.apply(rule.measure()) != null) {
                carried = lastKnown.apply(rule.measure());
                points = rule.points(carried);
                note = "no data: last known value " + String.format(Locale.ROOT, "%.1f", carried) + " carried forward";
            } else {
                note = "no data: left out";
            }
            if (points != null) {
                byComponent.computeIfAbsent(rule.component(), c -> new ArrayList<>()).add(points);
            }
            measures.add(new MeasureScore(rule.measure(), rule.component(), value, rule.poor(), rule.good(), points,
                    note, carried));
        }
        Map<Component, Double> weights = model.weightsFor(segment);
        double presentWeight = 0;
        double weighted = 0;
        Map<Component, Double> scores = new EnumMap<>(Component.class);
        for (Map.Entry<Component, List<Double>> entry : byComponent.entrySet()) {
            double mean = mean(entry.getValue());
            scores.put(entry.getKey(), mean);
            double weight = weights.getOrDefault(entry.getKey(), 0.0);
            presentWeight += weight;
            weighted += weight * mean;
        }
        List<ComponentScore> components = new ArrayList<>();
        for (Component component : Component.values()) {
            Double score = scores.get(component);
            double weight = weights.getOrDefault(component, 0.0);
            double effective = score == null || presentWeight == 0 ? 0 : weight / presentWeight * 100;
            components.add(new ComponentScore(component, score, weight, effective));
        }
        if (scores.isEmpty() || presentWeight == 0) {
            return new Score(null, null, components, measures);
        }
        double health = weighted / presentWeight;
        return new Score(health, model.bands().of(health), components, measures);
    }

    /**
     * The points' mean as a plain sum in measure order, divided once. {@code DoubleStream.average()} sums with
     * compensation, which rounds some means to another last bit: in the contract's sample two usage scores came out
     * equal with it and a bit apart by a plain sum, as expected.json has them, and an AUC counts equal scores as a
     * tie.
     */
    private static double mean(List<Double> points) {
        double sum = 0;
        for (double point : points) {
            sum += point;
        }
        return sum / points.size();
    }
}
