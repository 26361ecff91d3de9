package dev.bellwether.metrics.calc;

import java.util.List;

/** How well the bands foretold churn: the backtest's months and their total. */
public record HealthAccuracy(List<AccuracyMonth> months, AccuracyTotal total) {
}
