package dev.bellwether.workspace;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The changes in a series of months, for the timeline: an account's MRR movements (new, expansion,
 * contraction, churn, reactivation; a month without a row is 0) and its band changes. Pure: months
 * in, movements out.
 */
public final class Movements {

    /** A change in {@code month}: a title and the detail (before → after). */
    public record Movement(YearMonth month, String title, String detail) {
    }

    private Movements() {
    }

    /** MRR movements of the account, oldest first, through {@code last} (the latest month with data). */
    public static List<Movement> mrr(Map<YearMonth, Double> byMonth, YearMonth last, String currency) {
        List<Movement> movements = new ArrayList<>();
        if (byMonth.isEmpty()) {
            return movements;
        }
        TreeMap<YearMonth, Double> months = new TreeMap<>(byMonth);
        YearMonth end = last == null || last.isBefore(months.lastKey()) ? months.lastKey() : last;
        boolean paidBefore = false;
        double previous = 0;
        for (YearMonth month = months.firstKey(); !month.isAfter(end); month = month.plusMonths(1)) {
            double mrr = months.getOrDefault(month, 0.0);
            if (mrr != previous) {
                String title;
                if (previous == 0) {
                    title = paidBefore ? "Reactivated" : "New customer";
                } else if (mrr == 0) {
                    title = "Churned";
                } else {
                    title = mrr > previous ? "Expansion" : "Contraction";
                }
                movements.add(new Movement(month, title, amount(previous) + " → " + amount(mrr) + " " + currency
                        + " (" + (mrr > previous ? "+" : "−") + amount(Math.abs(mrr - previous)) + ")"));
            }
            paidBefore |= mrr > 0;
            previous = mrr;
        }
        return movements;
    }

    /** Band changes, oldest first: the first band the account got, then each change ({@code null}: no score). */
    public static List<Movement> bands(Map<YearMonth, String> byMonth) {
        List<Movement> movements = new ArrayList<>();
        String previous = null;
        boolean first = true;
        for (Map.Entry<YearMonth, String> entry : new TreeMap<>(byMonth).entrySet()) {
            String band = entry.getValue();
            if (first ? band != null : !Objects.equals(band, previous)) {
                movements.add(new Movement(entry.getKey(), first || previous == null ? "Scored " + label(band)
                        : "Band changed to " + label(band), first || previous == null ? label(band)
                                : label(previous) + " → " + label(band)));
            }
            first = false;
            previous = band;
        }
        return movements;
    }

    static String label(String band) {
        if (band == null) {
            return "no score";
        }
        return switch (band) {
            case "healthy" -> "healthy";
            case "needs_attention" -> "needs attention";
            case "at_risk" -> "at risk";
            default -> band;
        };
    }

    private static String amount(double value) {
        return String.format(Locale.ROOT, "%,.2f", value);
    }
}
