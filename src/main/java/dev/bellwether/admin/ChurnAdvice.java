package dev.bellwether.admin;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
            return new HealthModel(loadable(weights, model.measuredComponents()), model.measures(), model.bands(),
                    model.alerts(), model.segmentWeights());
        });
    }

    /**
     * The suggested weights as a model can hold them. The search (metrics.md) may weight a component no measure of
     * the model belongs to: that weight never counts (the scores share it out among the present components), and a
     * model refuses it. So it is shared out among the measured components the same way, in hundredths that make
     * 100 (largest remainders first): the draft scores as the suggestion does, to that rounding.
     */
    static Map<Component, Double> loadable(Map<Component, Double> suggested, Set<Component> measured) {
        BigDecimal kept = measured.stream().map(c -> BigDecimal.valueOf(suggested.get(c)))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        if (kept.signum() == 0 || kept.compareTo(BigDecimal.valueOf(100)) == 0) {
            return suggested;
        }
        Map<Component, BigDecimal> exact = new EnumMap<>(Component.class);
        Map<Component, Double> shared = new EnumMap<>(Component.class);
        long left = 10_000; // hundredths of 100
        for (Component c : Component.values()) {
            BigDecimal hundredths = measured.contains(c) ? BigDecimal.valueOf(suggested.get(c))
                    .multiply(BigDecimal.valueOf(10_000)).divide(kept, 12, RoundingMode.HALF_EVEN) : BigDecimal.ZERO;
            exact.put(c, hundredths);
            long floor = hundredths.setScale(0, RoundingMode.FLOOR).longValueExact();
            shared.put(c, (double) floor);
            left -= floor;
        }
        List<Component> byRemainder = new ArrayList<>(measured);
        byRemainder.sort(Comparator.comparing((Component c) -> exact.get(c).subtract(exact.get(c)
                .setScale(0, RoundingMode.FLOOR))).reversed().thenComparing(Component::ordinal));
        for (int i = 0; i < left; i++) {
            Component c = byRemainder.get(i);
            shared.put(c, shared.get(c) + 1);
        }
        shared.replaceAll((c, hundredths) -> hundredths / 100);
        return shared;
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
