package dev.bellwether.metrics.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The AUC of metrics.md: stayed against churned pairs, ties counting ½. */
class AucTest {

    /**
     * Stayed 3, 2, 1 against churned 2, 0: (3,2) win, (3,0) win, (2,2) tie, (2,0) win, (1,2) loss,
     * (1,0) win: 4½ of 6 = 0.75.
     */
    @Test
    void tiesCountHalf() {
        Auc auc = Auc.of(new double[] { 3, 2, 1 }, 3, new double[] { 2, 0 }, 2);
        assertEquals(9, auc.doubleWins());
        assertEquals(12, auc.doublePairs());
        assertEquals(0.75, auc.value(), 1e-12);
    }

    @Test
    void everythingTiedIsACoinFlip() {
        assertEquals(0.5, Auc.of(new double[] { 50, 50 }, 2, new double[] { 50, 50, 50 }, 3).value(), 1e-12);
    }

    @Test
    void onlyTheGivenCountOfPointsCounts() {
        // the arrays may be longer than their content (a growable list's backing array)
        assertEquals(1.0, Auc.of(new double[] { 9, 0, 0 }, 1, new double[] { 1, 99 }, 1).value(), 1e-12);
    }

    @Test
    void undefinedWhenEitherGroupIsEmpty() {
        assertNull(Auc.of(new double[0], 0, new double[] { 1 }, 1));
        assertNull(Auc.of(new double[] { 1 }, 1, new double[0], 0));
        assertNull(Auc.value(null));
    }

    @Test
    void comparesExactlyEvenWhenTheProductsOverflowALong() {
        Auc a = new Auc(3_000_000_000L, 4_000_000_000_000L);
        Auc b = new Auc(3_000_000_001L, 4_000_000_000_000L);
        assertTrue(a.compareTo(b) < 0);
        assertEquals(0, new Auc(1, 2).compareTo(new Auc(2_000_000_000_000L, 4_000_000_000_000L)));
    }
}
