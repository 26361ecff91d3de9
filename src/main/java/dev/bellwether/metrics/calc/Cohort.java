package dev.bellwether.metrics.calc;

import java.util.List;

/**
 * A cohort: accounts whose first month with MRR is {@code cohort}; for k = 0..23 months later its
 * logo and revenue retention, the share of its accounts that reached first value by then
 * (activation) and the NPS of its accounts' answers dated in that month (null without answers).
 * Every list is null after M.
 */
public record Cohort(String cohort, int accounts, double startingMrr, List<Double> logoRetention,
        List<Double> revenueRetention, List<Double> activation, List<Double> nps) {
}
