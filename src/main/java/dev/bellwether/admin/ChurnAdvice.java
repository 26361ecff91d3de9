package dev.bellwether.admin;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.dashboard.ChurnDriverLines;
import dev.bellwether.health.Component;
import dev.bellwether.health.HealthModel;
import dev.bellwether.metrics.ChurnDriverService;
import dev.bellwether.metrics.Snapshots;
import dev.bellwether.metrics.calc.WeightSearch;
import dev.bellwether.web.Formats;

/**
 * The health-model editor's evidence (docs/metrics.md, Churn drivers): which measures predicted
 * churn in the tenant's own history, and the suggested component weights with their training and
 * holdout AUC next to the current weights'. The suggestion is only ever a draft: loading it fills
 * the editor's weights, and nothing changes until the admin saves a version.
 */
@ApplicationScoped
public class ChurnAdvice {

    /** One component's weight now and suggested. */
    public record WeightRow(String component, Number current, Number suggested) {

        public boolean changed() {
            return current.doubleValue() != suggested.doubleValue();
        }

        /** The weight in use as a page says a weight: "40 %", "42.5 %" (one saved through the API is any number). */
        public String currentText() {
            return percent(current);
        }

        public String suggestedText() {
            return percent(suggested);
        }

        private static String percent(Number weight) {
            double value = weight.doubleValue();
            return (value == Math.rint(value) ? Long.toString((long) value) : Formats.one(value)) + " %";
        }
    }

    /**
     * The suggestion as the editor shows it; AUCs in % (null: undefined). {@code weights} is empty
     * when there is no suggestion (no churned or no stayed account in the training months).
     */
    public record Suggestion(List<WeightRow> weights, String trainingCurrent, String trainingSuggested,
            String holdoutCurrent, String holdoutSuggested, boolean same) {

        public boolean available() {
            return !weights.isEmpty();
        }
    }

    /**
     * Everything the editor shows of it; {@code modelVersion} is the version the latest recalculation
     * scored with, the one the drivers and the suggestion were searched under ("in use" is its weights).
     */
    public record Advice(ChurnDriverLines.Panel drivers, Suggestion suggestion, int modelVersion) {

        /**
         * The health score's own line when little data is behind it (low coverage: under half of the account-months
         * scored, or fewer than 10 churned), so the suggestion searched on it is offered with care; else null.
         */
        public ChurnDriverLines.Line thinHistory() {
            return drivers.lines().stream().filter(l -> "health".equals(l.kind()) && l.lowCoverage()).findFirst()
                    .orElse(null);
        }

        /** Whether a newer version was saved since: the suggestion is searched again when it is recalculated. */
        public boolean behind(int inUse) {
            return modelVersion != inUse;
        }
    }

    @Inject
    ChurnDriverService service;

    @Inject
    Snapshots snapshots;

    /** The advice of the latest recalculation; empty before one. */
    public Optional<Advice> current() {
        int scoredWith = snapshots.status().map(Snapshots.Status::modelVersion).orElse(0);
        return service.current().map(answer -> new Advice(
                ChurnDriverLines.of(answer.measures(), answer.components(), answer.health()),
                view(answer.suggestion()), scoredWith));
    }

    /**
     * {@code model} with the suggested weights (everything else unchanged); empty without a suggestion.
     * The suggestion is the one searched under {@link Advice#modelVersion}: see {@link Advice#behind}.
     */
    public Optional<HealthModel> withSuggestedWeights(HealthModel model) {
        return service.suggestion().filter(s -> s.weights() != null).map(s -> {
            Map<Component, Double> weights = new EnumMap<>(Component.class);
            for (Component c : Component.values()) {
                weights.put(c, s.weights().get(c.key()).doubleValue());
            }
            return new HealthModel(weights, model.measures(), model.bands(), model.alerts(), model.segmentWeights());
        });
    }

    static Suggestion view(WeightSearch.Suggestion s) {
        if (s == null) {
            return new Suggestion(List.of(), null, null, null, null, true);
        }
        List<WeightRow> rows = new ArrayList<>();
        boolean same = true;
        if (s.weights() != null) {
            for (Component c : Component.values()) {
                WeightRow row = new WeightRow(c.key(), s.current().get(c.key()), s.weights().get(c.key()));
                rows.add(row);
                same &= !row.changed();
            }
        }
        // weights in use off the search's grid (42.5: the editor rebalances to one decimal) may separate the
        // training months' churners at least as well as its best: then there is nothing better to load
        Double current = s.training().current();
        Double suggested = s.training().suggested();
        same |= current != null && suggested != null && current >= suggested;
        return new Suggestion(rows, ChurnDriverLines.percent(s.training().current()),
                ChurnDriverLines.percent(s.training().suggested()), ChurnDriverLines.percent(s.holdout().current()),
                ChurnDriverLines.percent(s.holdout().suggested()), same);
    }
}
