package dev.bellwether.metrics.calc;

/** The one rule of every ratio in docs/metrics.md. */
final class Ratios {

    private Ratios() {
    }

    /** numerator / denominator × 100, undefined (null) when the denominator is 0. */
    static Double ratio(double numerator, double denominator) {
        return denominator == 0 ? null : numerator / denominator * 100;
    }
}
