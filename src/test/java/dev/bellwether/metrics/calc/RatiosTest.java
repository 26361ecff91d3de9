package dev.bellwether.metrics.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;


import org.junit.jupiter.api.Test;

/** The two rules of a ratio: counts multiplied first, money divided in decimal; both rounded once. */
class RatiosTest {

    /** GRR of a month that lost nothing is 100 %, never 100.00000000000001 % (which 100 × x / x gives in binary). */
    @Test
    void aMonthThatLostNothingKeepsExactlyAHundredPercent() {
        assertNotEquals(100.0, 100 * 1310.87 / 1310.87, "the binary order this rule replaces");
        for (long cents = 1; cents <= 500_000; cents++) {
            double amount = cents / 100.0;
            assertEquals(100.0, Ratios.money(amount, amount, -0.0, -0.0), () -> "GRR of " + amount);
        }
    }

    @Test
    void moneyIsDividedAsTheAmountsAreWrittenAndRoundedOnce() {
        // the contract's sample: NRR and revenue churn as expected.json has them, to the last bit
        assertEquals(96.79685979074327, Ratios.money(145778.82, 145778.82, 43.0, -4686.5, -26.0));
        assertEquals(3.2326369495925404, Ratios.money(145778.82, 4686.5, 26.0));
        assertEquals(2.5, Ratios.money(200.0, 5.0));
        assertNull(Ratios.money(0.0, 5.0));
    }

    @Test
    void aShareOfCountsIsMultipliedFirst() {
        assertEquals(2.0833333333333335, Ratios.ratio(1, 48)); // 1 / 48 × 100 rounds twice: 2.083333333333333
        assertNull(Ratios.ratio(1, 0));
    }
}
