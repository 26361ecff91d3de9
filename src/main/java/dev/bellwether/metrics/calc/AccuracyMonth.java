package dev.bellwether.metrics.calc;

/** One month X of the backtest: the accounts banded healthy and at risk at X, and what became of them at X+3. */
public record AccuracyMonth(String month, int healthyCount, Double healthyStillActivePct, int atRiskCount,
        Double atRiskChurnedPct) {
}
