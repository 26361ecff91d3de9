package dev.bellwether.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
}
