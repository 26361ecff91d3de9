package dev.bellwether.metrics.calc;

/** The backtest's 12 months pooled. */
public record AccuracyTotal(int healthyCount, Double healthyStillActivePct, Double healthyChurnedPct, int atRiskCount,
        Double atRiskChurnedPct) {
}
