package dev.bellwether.metrics.calc;

import java.util.List;

/** A cohort: accounts whose first month with MRR is {@code cohort}; retention for k = 0..23 (null after M). */
public record Cohort(String cohort, int accounts, double startingMrr, List<Double> logoRetention,
        List<Double> revenueRetention) {
}
