package dev.bellwether.metrics.calc;

import java.util.Map;

import dev.bellwether.health.Band;
import dev.bellwether.health.HealthCalculator.Score;
import dev.bellwether.health.Measure;

/** One account's results: its health in every month it was active, and its full picture at M. */
public record AccountResult(AccountFacts facts, Score[] scores, Map<Measure, Double> measures, Integer mau,
        Double dauMau, Double featureAdoption) {

    /** Health at month {@code i}, or null (inactive or insufficient data). */
    public Double health(int i) {
        return i >= 0 && i < scores.length && scores[i] != null ? scores[i].health() : null;
    }

    public Band band(int i) {
        return i >= 0 && i < scores.length && scores[i] != null ? scores[i].band() : null;
    }
}
