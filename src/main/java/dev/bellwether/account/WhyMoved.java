package dev.bellwether.account;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
     * and the points it costs now.
     */
    public record Line(String measure, String label, String unit, Double valueThen, Double valueNow,
            Double pointsThen, Double pointsNow) {

        /** Points lost against 100 now; null when the measure does not count now. */
        public Double lostNow() {
            return pointsNow == null ? null : 100 - pointsNow;
        }

        /**
         * Points gained (positive) or lost (negative) since last month, between the points as they read (one
         * decimal: "69.8 → 39.7 (−30.1)"); null unless counted both months.
         */
        public Double change() {
            return pointsNow == null || pointsThen == null ? null
                    : Figure.rounded(pointsNow, 1) - Figure.rounded(pointsThen, 1);
        }

        /** Whether it moved by at least half a point since last month. */
        public boolean moved() {
            Double change = change();
            return change != null && Math.abs(change) >= 0.5;
        }
    }

    /** The measures of {@code detail}, the costliest first; measures not counted now come last. */
    public static List<Line> of(AccountDetail detail) {
        if (detail == null || detail.explainMeasures() == null) {
            return List.of();
        }
        List<AccountDetail.MeasurePart> before = detail.previousMeasures() == null ? List.of()
                : detail.previousMeasures();
        List<Line> lines = new ArrayList<>();
        for (AccountDetail.MeasurePart now : detail.explainMeasures()) {
            AccountDetail.MeasurePart then = before.stream().filter(p -> p.measure().equals(now.measure())).findFirst()
                    .orElse(null);
            lines.add(new Line(now.measure(), now.label(), now.unit(), then == null ? null : then.value(), now.value(),
                    then == null ? null : then.points(), now.points()));
        }
        lines.sort(Comparator.comparing((Line l) -> l.lostNow() == null)
                .thenComparing((Line l) -> l.lostNow() == null ? 0 : -l.lostNow()).thenComparing(Line::label));
        return List.copyOf(lines);
    }
}
