package dev.bellwether.account;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.bellwether.metrics.AccountDetail;
import dev.bellwether.web.Figure;

/**
 * "Why this account moved": its measures ranked by the health points they cost at the reporting month,
 * each with its value and points a month earlier, so a fall in health comes with the measures that
 * caused it. A measure costs the score its shortfall (100 − its points) times its share of the score:
 * its component's weight as it counts (renormalised over the components with data) divided among the
 * component's measures that count. The costs add up to what the score is short of 100.
 */
public final class WhyMoved {

    private WhyMoved() {
    }

    /**
     * One measure: value and points now and a month ago (null where it had none or did not count),
     * and {@code share}: the part of the score one of its points is worth now (0 when its component
     * weighs nothing now: it costs the score nothing, whatever its points).
     */
    public record Line(String measure, String label, String unit, Double valueThen, Double valueNow,
            Double pointsThen, Double pointsNow, double share) {

        /** Health points it costs the score now; null when it does not count now (no points, or weighing 0). */
        public Double lostNow() {
            return pointsNow == null || share == 0 ? null : (100 - pointsNow) * share;
        }

        /**
         * Points gained (positive) or lost (negative) since last month, between the points as they read (one
         * decimal: "69.8 → 39.7 (−30.1)"); null unless counted both months.
         */
        public Double change() {
            return pointsNow == null || pointsThen == null ? null
                    : Figure.rounded(pointsNow, 1) - Figure.rounded(pointsThen, 1);
        }

        /**
         * Whether it moved by half a point or more since last month, between the points as they read, counted in
         * tenths ({@link #change}: 80.1 − 79.6 is 0.4999… in doubles).
         */
        public boolean moved() {
            Double change = change();
            return change != null && Math.abs(Math.round(change * 10)) >= 5;
        }
    }

    /** The measures of {@code detail}, the costliest first; measures not counted now come last. */
    public static List<Line> of(AccountDetail detail) {
        if (detail == null || detail.explainMeasures() == null) {
            return List.of();
        }
        List<AccountDetail.MeasurePart> before = detail.previousMeasures() == null ? List.of()
                : detail.previousMeasures();
        Map<String, Double> weight = new HashMap<>();
        if (detail.explainComponents() != null) {
            detail.explainComponents().forEach(c -> weight.put(c.component(), c.effectiveWeight()));
        }
        Map<String, Long> counted = detail.explainMeasures().stream().filter(m -> m.points() != null)
                .collect(Collectors.groupingBy(AccountDetail.MeasurePart::component, Collectors.counting()));
        List<Line> lines = new ArrayList<>();
        for (AccountDetail.MeasurePart now : detail.explainMeasures()) {
            AccountDetail.MeasurePart then = before.stream().filter(p -> p.measure().equals(now.measure())).findFirst()
                    .orElse(null);
            long measures = counted.getOrDefault(now.component(), 0L);
            double share = measures == 0 ? 0 : weight.getOrDefault(now.component(), 0.0) / 100 / measures;
            lines.add(new Line(now.measure(), now.label(), now.unit(), then == null ? null : then.value(), now.value(),
                    then == null ? null : then.points(), now.points(), share));
        }
        lines.sort(Comparator.comparing((Line l) -> l.lostNow() == null)
                .thenComparing((Line l) -> l.lostNow() == null ? 0 : -l.lostNow()).thenComparing(Line::label));
        return List.copyOf(lines);
    }
}
