package dev.bellwether.metrics.calc;

/** The one rule of every ratio in docs/metrics.md. */
final class Ratios {

    private Ratios() {
    }

    /**
     * numerator / denominator × 100, undefined (null) when the denominator is 0; computed as 100 × numerator /
     * denominator, which rounds once for counts (the other order rounds twice, and a share such as 1 / 48 came out
     * a bit below the reference's).
     */
    static Double ratio(double numerator, double denominator) {
        return denominator == 0 ? null : 100 * numerator / denominator;
    }
}
