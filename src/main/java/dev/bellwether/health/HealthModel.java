package dev.bellwether.health;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.bellwether.alerts.AlertRule;
import dev.bellwether.alerts.AlertSetting;

/**
 * A tenant's health model: component weights (with optional overrides per segment), each
 * measure's component, bounds and missing-data policy, the band thresholds, and the alert rules.
 * Immutable; {@link #defaults()} is docs/metrics.md's default model.
 */
public record HealthModel(Map<Component, Double> weights, List<MeasureRule> measures, Bands bands,
        List<AlertSetting> alerts, Map<String, Map<Component, Double>> segmentWeights) {

    /**
     * How one measure scores: {@code clamp((value − poor) / (good − poor), 0, 1) × 100} (so good
     * may be below poor where lower is better).
     */
    public record MeasureRule(Measure measure, Component component, double poor, double good, MissingData missing) {

        public MeasureRule {
            poor = unsigned(poor);
            good = unsigned(good);
        }

        /** Points for a value, 0 to 100. */
        public double points(double value) {
            double share = (value - poor) / (good - poor);
            return Math.max(0, Math.min(1, share)) * 100;
        }
    }

    /** Health ≥ {@code healthy} is healthy; below {@code atRisk} at risk; between, needs attention. */
    public record Bands(double healthy, double atRisk) {

        public Bands {
            healthy = unsigned(healthy);
            atRisk = unsigned(atRisk);
        }

        public Band of(double health) {
            return health >= healthy ? Band.HEALTHY : health >= atRisk ? Band.NEEDS_ATTENTION : Band.AT_RISK;
        }
    }

    /** Measures and alert rules in their fixed order: a model is the same whatever order it was written in. */
    public HealthModel {
        weights = unsigned(weights);
        measures = List.copyOf(measures.stream().sorted(Comparator.comparing(MeasureRule::measure)).toList());
        alerts = List.copyOf(alerts.stream().sorted(Comparator.comparing(AlertSetting::rule)).toList());
        Map<String, Map<Component, Double>> segments = new LinkedHashMap<>();
        segmentWeights.forEach((segment, overrides) -> segments.put(segment, unsigned(overrides)));
        segmentWeights = Map.copyOf(segments);
    }

    /**
     * −0 as 0: a zero typed with a sign is the same model, not a new version ({@code -0.0 + 0.0} is
     * {@code 0.0}, and records compare doubles bit for bit).
     */
    static double unsigned(double value) {
        return value + 0.0;
    }

    private static Map<Component, Double> unsigned(Map<Component, Double> weights) {
        Map<Component, Double> out = new EnumMap<>(Component.class);
        weights.forEach((component, weight) -> out.put(component, unsigned(weight)));
        return Map.copyOf(out);
    }

    /** docs/metrics.md's default model. */
    public static HealthModel defaults() {
        Map<Component, Double> weights = new EnumMap<>(Component.class);
        weights.put(Component.USAGE, 40.0);
        weights.put(Component.ENGAGEMENT, 25.0);
        weights.put(Component.OUTCOMES, 20.0);
        weights.put(Component.FINANCIAL, 15.0);
        List<MeasureRule> measures = List.of(
                new MeasureRule(Measure.SEAT_UTILIZATION, Component.USAGE, 20, 80, MissingData.EXCLUDE),
                new MeasureRule(Measure.USAGE_TREND, Component.USAGE, -30, 10, MissingData.EXCLUDE),
                new MeasureRule(Measure.DAYS_SINCE_CONTACT, Component.ENGAGEMENT, 90, 14, MissingData.EXCLUDE),
                new MeasureRule(Measure.OPEN_TICKETS, Component.ENGAGEMENT, 5, 0, MissingData.EXCLUDE),
                new MeasureRule(Measure.NPS, Component.OUTCOMES, -50, 50, MissingData.EXCLUDE),
                new MeasureRule(Measure.CSAT, Component.OUTCOMES, 50, 90, MissingData.EXCLUDE),
                new MeasureRule(Measure.MRR_CHANGE_3M, Component.FINANCIAL, -20, 5, MissingData.EXCLUDE));
        List<AlertSetting> alerts = new ArrayList<>();
        for (AlertRule rule : AlertRule.values()) {
            alerts.add(AlertSetting.defaultOf(rule));
        }
        return new HealthModel(weights, measures, new Bands(70, 40), alerts, Map.of());
    }

    /** The weights for an account of {@code segment}: its override when there is one. */
    public Map<Component, Double> weightsFor(String segment) {
        return segment != null && segmentWeights.containsKey(segment) ? segmentWeights.get(segment) : weights;
    }

    public AlertSetting alert(AlertRule rule) {
        return alerts.stream().filter(a -> a.rule() == rule).findFirst()
                .orElse(AlertSetting.defaultOf(rule));
    }

    /** The alert rules switched off: not evaluated, so they raise nothing and clear nothing. */
    public Set<AlertRule> switchedOffRules() {
        Set<AlertRule> off = EnumSet.noneOf(AlertRule.class);
        for (AlertRule rule : AlertRule.values()) {
            if (!alert(rule).enabled()) {
                off.add(rule);
            }
        }
        return off;
    }

    public MeasureRule rule(Measure measure) {
        return measures.stream().filter(m -> m.measure() == measure).findFirst().orElseThrow();
    }

    /** The largest bound a measure may have, either way: far beyond what any measure takes. */
    static final double MAX_BOUND = 1e9;

    /** The components some measure of this model belongs to: a weight on any other never counts. */
    public Set<Component> measuredComponents() {
        Set<Component> measured = EnumSet.noneOf(Component.class);
        measures.forEach(rule -> measured.add(rule.component()));
        return measured;
    }

    /** Why this model cannot be used, one reason per problem; empty when it is valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        checkWeights("weights", weights, problems);
        segmentWeights.forEach((segment, w) -> checkWeights("segmentWeights." + segment, w, problems));
        // a weight on a component no measure belongs to never counts (it is shared out among the others), and with
        // all the weight there no account is scored at all: said, rather than saved to show a weight that is not
        Set<Component> measured = measuredComponents();
        unmeasured("weights", weights, measured, problems);
        segmentWeights.forEach((segment, w) -> unmeasured("segmentWeights." + segment, w, measured, problems));
        Map<Measure, Integer> seen = new LinkedHashMap<>();
        for (MeasureRule rule : measures) {
            seen.merge(rule.measure(), 1, Integer::sum);
            if (Double.isNaN(rule.poor()) || Double.isNaN(rule.good()) || Double.isInfinite(rule.poor())
                    || Double.isInfinite(rule.good())) {
                problems.add("measures." + rule.measure().key() + ": poor and good must be numbers");
            } else if (Math.abs(rule.poor()) > MAX_BOUND || Math.abs(rule.good()) > MAX_BOUND) {
                // beyond this, good − poor overflows or swamps every value: each account would score 0 or 100
                problems.add("measures." + rule.measure().key() + ": poor and good must lie between -1,000,000,000"
                        + " and 1,000,000,000");
            } else if (rule.poor() == rule.good()) {
                problems.add("measures." + rule.measure().key() + ": poor and good bounds are equal ("
                        + typed(rule.poor()) + "); they must differ");
            }
        }
        for (Measure measure : Measure.values()) {
            int count = seen.getOrDefault(measure, 0);
            if (count != 1) {
                problems.add("measures: " + measure.key()
                        + (count == 0 ? " is missing" : " appears " + count + " times"));
            }
        }
        // each threshold out of range is named, so that only its field is marked (1e400 reads as infinite)
        boolean healthyInRange = bands.healthy() >= 0 && bands.healthy() <= 100;
        boolean atRiskInRange = bands.atRisk() >= 0 && bands.atRisk() <= 100;
        if (healthyInRange && atRiskInRange && !(bands.healthy() > bands.atRisk())) {
            problems.add("bands: the healthy threshold (" + typed(bands.healthy())
                    + ") must be above the at-risk threshold (" + typed(bands.atRisk()) + ")");
        }
        if (!healthyInRange) {
            problems.add("bands.healthy must lie between 0 and 100");
        }
        if (!atRiskInRange) {
            problems.add("bands.atRisk must lie between 0 and 100");
        }
        for (AlertSetting alert : alerts) {
            if (alert.rule() != AlertRule.AT_RISK && alert.threshold() == null) {
                problems.add("alerts." + alert.rule().key() + ": a threshold is required");
            } else if (alert.threshold() != null) {
                alert.rule().thresholdProblem(alert.threshold())
                        .ifPresent(problem -> problems.add("alerts." + alert.rule().key() + ": " + problem));
            }
        }
        return problems;
    }

    private static void unmeasured(String name, Map<Component, Double> weights, Set<Component> measured,
            List<String> problems) {
        for (Component component : Component.values()) {
            Double weight = weights.get(component);
            if (weight != null && weight > 0 && !measured.contains(component)) {
                problems.add(name + "." + component.key() + ": no measure belongs to " + component.key()
                        + ", so its weight would never count; move a measure to it or set its weight to 0");
            }
        }
    }

    private static void checkWeights(String name, Map<Component, Double> weights, List<String> problems) {
        for (Component component : Component.values()) {
            Double weight = weights.get(component);
            if (weight == null) {
                problems.add(name + "." + component.key() + " is missing");
            } else if (weight < 0) {
                problems.add(name + "." + component.key() + " is negative");
            } else if (!(weight <= 100)) {
                problems.add(name + "." + component.key() + " must lie between 0 and 100");
            }
        }
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        if (Double.isFinite(sum) && !sumsToHundred(sum)) {
            problems.add(name + ": the weights sum to " + sum(sum) + "; they must sum to 100");
        }
    }

    /** Whether weights adding up to {@code sum} make 100, as a model's must (to floating-point error). */
    public static boolean sumsToHundred(double sum) {
        return Math.abs(sum - 100) <= 1e-9;
    }

    /** A number as it was typed, without a computer's spelling: 70 (not 70.0), 10000000 (not 1.0E7), 20.5. */
    private static String typed(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * A sum of weights as a person reads it: whole when it is ("70"), else with the fewest decimals (up to six)
     * that do not round a sum that is not 100 to 100 ("99.96", not "100.0" nor "99.95999999999999").
     */
    public static String sum(double value) {
        if (value == Math.rint(value)) { // 1e20 is whole too, beyond a long: BigDecimal writes it out
            return BigDecimal.valueOf(value).toBigInteger().toString();
        }
        for (int decimals = 1; decimals <= 6; decimals++) {
            BigDecimal shown = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
            if (sumsToHundred(value) || shown.compareTo(BigDecimal.valueOf(100)) != 0) {
                return shown.stripTrailingZeros().toPlainString();
            }
        }
        return Double.toString(value);
    }
}
