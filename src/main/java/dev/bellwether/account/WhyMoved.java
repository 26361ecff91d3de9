package dev.bellwether.account;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.bellwether.metrics.AccountDetail;
import dev.bellwether.web.Figure;

/**
 * "Why this account moved": its measures ranked by the points they cost against a perfect score
 * (100 − points) at the reporting month, each with its value and points a month earlier, so a fall
 * in health comes with the measures that caused it.
 */
public final class WhyMoved {

    private WhyMoved() {
    }

    /**
     * One measure: value and points now and a month ago (null where it had none or did not count),
     * and the points it costs now; {@code weighed}: its component counts for more than nothing now (one
     * weighing 0 costs the score nothing, whatever its measures' points).
     */
    public record Line(String measure, String label, String unit, Double valueThen, Double valueNow,
            Double pointsThen, Double pointsNow, boolean weighed) {

        /** Points lost against 100 now; null when the measure does not count now (no points, or weighing 0). */
        public Double lostNow() {
            return pointsNow == null || !weighed ? null : 100 - pointsNow;
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
        Set<String> unweighed = new HashSet<>();
        if (detail.explainComponents() != null) {
            detail.explainComponents().stream().filter(c -> c.effectiveWeight() == 0)
                    .forEach(c -> unweighed.add(c.component()));
        }
        List<Line> lines = new ArrayList<>();
        for (AccountDetail.MeasurePart now : detail.explainMeasures()) {
            AccountDetail.MeasurePart then = before.stream().filter(p -> p.measure().equals(now.measure())).findFirst()
                    .orElse(null);
            lines.add(new Line(now.measure(), now.label(), now.unit(), then == null ? null : then.value(), now.value(),
                    then == null ? null : then.points(), now.points(), !unweighed.contains(now.component())));
        }
        lines.sort(Comparator.comparing((Line l) -> l.lostNow() == null)
                .thenComparing((Line l) -> l.lostNow() == null ? 0 : -l.lostNow()).thenComparing(Line::label));
        return List.copyOf(lines);
    }
}
