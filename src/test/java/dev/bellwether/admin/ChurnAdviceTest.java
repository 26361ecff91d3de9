package dev.bellwether.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bellwether.dashboard.ChurnDriverLines;
import dev.bellwether.health.Component;
import dev.bellwether.health.HealthModel;
import dev.bellwether.metrics.calc.ChurnDrivers;
import dev.bellwether.metrics.calc.WeightSearch;

/** The suggested weights as the health-model editor shows them. */
class ChurnAdviceTest {

    private static Map<String, Number> weights(Number usage, Number engagement, Number outcomes, Number financial) {
        Map<String, Number> weights = new LinkedHashMap<>();
        weights.put("usage", usage);
        weights.put("engagement", engagement);
        weights.put("outcomes", outcomes);
        weights.put("financial", financial);
        return weights;
    }

    /**
     * Weights in use off the search's grid (the editor rebalances to one decimal) that separate the training months'
     * churners at least as well as the grid's best: nothing better is offered to load.
     */
    @Test
    void weightsInUseAsGoodAsTheBestOfTheSearchAreNotReplaced() {
        Map<String, Number> inUse = weights(42.5, 27.5, 17.5, 12.5);
        ChurnAdvice.Suggestion same = ChurnAdvice.view(new WeightSearch.Suggestion(weights(40, 30, 20, 10), inUse,
                new WeightSearch.Aucs(0.8125, 0.8125), new WeightSearch.Aucs(0.7, 0.71)));
        assertTrue(same.same(), "as good on the training months");
        assertEquals("42.5 %", same.weights().get(0).currentText());
        assertEquals("40 %", same.weights().get(0).suggestedText());
        ChurnAdvice.Suggestion better = ChurnAdvice.view(new WeightSearch.Suggestion(weights(40, 30, 20, 10), inUse,
                new WeightSearch.Aucs(0.8, 0.8125), new WeightSearch.Aucs(0.7, 0.71)));
        assertFalse(better.same(), "the search's best is better");
        assertEquals("81.3", better.trainingSuggested());
    }

    /**
     * A suggestion weighting a component no measure of the model belongs to (the search may: that weight never
     * counts) loads as the same weights shared out among the measured ones, in hundredths that make 100: the draft
     * could not be saved with 15 on an empty component.
     */
    @Test
    void aWeightOnAnEmptyComponentIsSharedOutAmongTheMeasuredOnes() {
        Map<Component, Double> suggested = new EnumMap<>(Map.of(Component.USAGE, 45.0, Component.ENGAGEMENT, 25.0,
                Component.OUTCOMES, 15.0, Component.FINANCIAL, 15.0));
        Map<Component, Double> loaded = ChurnAdvice.loadable(suggested,
                EnumSet.of(Component.USAGE, Component.ENGAGEMENT, Component.FINANCIAL));
        // 45 : 25 : 15 out of 85, as the scores share them: 52.941…, 29.411…, 17.647… in hundredths 5294.1…,
        // 2941.1…, 1764.7…: the largest remainder takes the hundredth left over
        assertEquals(new EnumMap<>(Map.of(Component.USAGE, 52.94, Component.ENGAGEMENT, 29.41, Component.OUTCOMES, 0.0,
                Component.FINANCIAL, 17.65)), loaded);
        assertTrue(HealthModel.sumsToHundred(loaded.values().stream().mapToDouble(Double::doubleValue).sum()));
        // every component measured: the suggestion as it is
        assertEquals(suggested, ChurnAdvice.loadable(suggested, EnumSet.allOf(Component.class)));
    }

    /** On little history (the health score's line of low coverage) the suggestion is offered with care. */
    @Test
    void aSuggestionOnLittleHistoryIsMarked() {
        ChurnAdvice.Suggestion suggestion = ChurnAdvice.view(new WeightSearch.Suggestion(weights(40, 30, 20, 10),
                weights(40, 30, 20, 10), new WeightSearch.Aucs(0.8, 0.8), new WeightSearch.Aucs(0.7, 0.7)));
        ChurnAdvice.Advice thin = new ChurnAdvice.Advice(ChurnDriverLines.of(List.of(), List.of(),
                new ChurnDrivers.Driver("health", 0.8, 100.0, 4, 300)), suggestion, 0);
        assertEquals(4, thin.thinHistory().churned(), "fewer than 10 churned");
        // said for what it is: every paying account-month has a value, so not "under half"
        assertEquals("fewer than 10 churned", thin.thinHistory().lowCoverageReason());
        ChurnAdvice.Advice unscored = new ChurnAdvice.Advice(ChurnDriverLines.of(List.of(), List.of(),
                new ChurnDrivers.Driver("health", 0.8, 40.0, 4, 300)), suggestion, 0);
        assertEquals("a value in under half of the paying ones, and fewer than 10 churned",
                unscored.thinHistory().lowCoverageReason());
        ChurnAdvice.Advice enough = new ChurnAdvice.Advice(ChurnDriverLines.of(List.of(new ChurnDrivers.Driver("nps",
                0.6, 20.0, 3, 100)), List.of(), new ChurnDrivers.Driver("health", 0.8, 100.0, 20, 400)), suggestion, 0);
        assertNull(enough.thinHistory(), "a measure's low coverage is not the health score's");
    }
}
