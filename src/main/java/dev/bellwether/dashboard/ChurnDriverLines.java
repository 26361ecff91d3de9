package dev.bellwether.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import dev.bellwether.health.Component;
import dev.bellwether.health.Measure;
import dev.bellwether.metrics.calc.ChurnDrivers;
import dev.bellwether.web.Formats;

/**
 * The churn drivers in plain words for the pages (docs/metrics.md, Churn drivers): each measure,
 * component and health itself, the strongest signal first, with a sentence a reader needs no
 * statistics for, and the drivers with little data marked.
 */
public final class ChurnDriverLines {

    private ChurnDriverLines() {
    }

    /**
     * One driver on a page: kind is measure, component or health. {@code auc} and {@code percent} (the
     * AUC as a percentage with one decimal, as every percentage is shown) are null when undefined;
     * {@code lowCoverageReason} says why it has low coverage, null when it has not.
     */
    public record Line(String name, String label, String kind, Double auc, String percent, String coverage,
            int churned, int stayed, String lowCoverageReason, String sentence) {

        public boolean lowCoverage() {
            return lowCoverageReason != null;
        }

        /**
         * Under 50 % as shown: the accounts that churned had more of it than the accounts that stayed (0.4996 shows
         * as 50.0 %, a coin flip, and is not marked).
         */
        public boolean wrongWay() {
            return underHalf(percent);
        }

        /** Over 50 % as shown: a predictor of churn. */
        boolean predicts() {
            return percent != null && Double.parseDouble(percent) > 50;
        }
    }

    /** The panel: every driver, strongest first, and the one-sentence summary. */
    public record Panel(List<Line> lines, String summary) {

        public boolean empty() {
            return lines.isEmpty();
        }
    }

    public static Panel of(List<ChurnDrivers.Driver> measures, List<ChurnDrivers.Driver> components,
            ChurnDrivers.Driver health) {
        List<Line> lines = new ArrayList<>();
        measures.forEach(d -> lines.add(line(d, "measure")));
        components.forEach(d -> lines.add(line(d, "component")));
        if (health != null) {
            lines.add(line(health, "health"));
        }
        // by the AUC itself: 0.914 before 0.906, though both would show as 91 % at whole percents
        lines.sort(Comparator.comparing((Line l) -> l.auc() == null).thenComparing(
                (Line l) -> l.auc() == null ? 0 : -l.auc()).thenComparing(Line::label));
        return new Panel(List.copyOf(lines), summary(lines));
    }

    /**
     * "Usage trend separates churners from stayers 91.1 % of the time; Account NPS 68.4 %; a coin flip is
     * 50 %." Only measures above a coin flip are named: one under it points the wrong way, and its table row says
     * so.
     */
    static String summary(List<Line> lines) {
        List<Line> defined = lines.stream().filter(l -> l.kind().equals("measure") && l.percent() != null).toList();
        List<Line> reliable = defined.stream().filter(l -> !l.lowCoverage()).toList();
        List<Line> measures = reliable.stream().filter(Line::predicts).toList();
        if (defined.isEmpty()) {
            return "Not enough history yet to tell which measures predict churn: it takes accounts that churned and"
                    + " accounts that stayed in the 12 months ending three months before the latest month.";
        }
        if (reliable.isEmpty()) {
            // figures exist, on little data: name the strongest, if it predicts at all, and say how far to trust it
            return defined.get(0).predicts() ? "Too little history yet to rely on: " + defined.get(0).label()
                    + " separates churners from stayers " + defined.get(0).percent() + " % of the time, but every"
                    + " measure has low coverage."
                    : "Too little history yet to rely on, and no measure separates churners from stayers better than"
                            + " a coin flip (50 %) so far.";
        }
        if (measures.isEmpty()) {
            return "No measure with enough data separates churners from stayers better than a coin flip (50 %) yet.";
        }
        StringBuilder text = new StringBuilder(measures.get(0).label() + " separates churners from stayers "
                + measures.get(0).percent() + " % of the time");
        for (Line next : measures.subList(1, Math.min(3, measures.size()))) {
            text.append("; ").append(next.label()).append(' ').append(next.percent()).append(" %");
        }
        return text.append("; a coin flip is 50 %.").toString();
    }

    static Line line(ChurnDrivers.Driver d, String kind) {
        String label = label(d.name(), kind);
        String percent = percent(d.auc());
        String coverage = d.coverage() == null ? "—" : String.format(Locale.ROOT, "%.1f %%", d.coverage());
        String sentence;
        if (percent == null) {
            sentence = d.churned() + d.stayed() == 0 ? "No account has a value for it in the observation months."
                    : d.churned() == 0 ? "No account with a value for it churned: nothing to tell apart yet."
                            : "No account with a value for it stayed: nothing to tell apart yet.";
        } else {
            sentence = label + " separates churners from stayers " + percent + " % of the time"
                    + (underHalf(percent) ? " (it points the wrong way: higher points came before churn)" : "") + ".";
        }
        return new Line(d.name(), label, kind, d.auc(), percent, coverage, d.churned(), d.stayed(),
                d.lowCoverageReason(), sentence);
    }

    /** Whether a percentage as shown ("44.5") is under a coin flip; null (undefined) is not. */
    private static boolean underHalf(String percent) {
        return percent != null && Double.parseDouble(percent) < 50;
    }

    /** An AUC (a share, 0 to 1) as a percentage with one decimal, "91.1"; null when undefined. */
    public static String percent(Double auc) {
        // moved by decimal digits, not multiplied: 41/80 is 0.5125, and 0.5125 × 100 is 51.24999…, which rounds
        // to 51.2 where 51.25 rounds to 51.3 (the other order rounds twice)
        return auc == null ? null : Formats.one(java.math.BigDecimal.valueOf(auc).movePointRight(2).doubleValue());
    }

    private static String label(String name, String kind) {
        return switch (kind) {
            case "measure" -> Measure.of(name).map(Measure::label).orElse(name);
            case "component" -> Component.of(name).map(c -> "The " + c.key() + " component").orElse(name);
            default -> "Health score";
        };
    }
}
