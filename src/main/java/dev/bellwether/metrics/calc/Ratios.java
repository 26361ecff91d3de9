package dev.bellwether.metrics.calc;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** The ratios of docs/metrics.md: shares of counts, and ratios of money, each rounded once. */
final class Ratios {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Ratios() {
    }

    /**
     * A sum of amounts as the decimal it stands for: amounts are kept to 4 decimal places (docs/imports.md), so their
     * sum is too, where adding their binary fractions leaves noise in the last digits (58,485.82000000001 for
     * 58,485.82), which the API would serve and a slice's figures would then not add up to the tenant's exactly.
     */
    static double amount(double sum) {
        return BigDecimal.valueOf(sum).setScale(4, RoundingMode.HALF_EVEN).doubleValue();
    }

    /**
     * numerator / denominator × 100, undefined (null) when the denominator is 0; computed as 100 × numerator /
     * denominator, which rounds once for counts (the other order rounds twice, and a share such as 1 / 48 came out
     * a bit below the reference's).
     */
    static Double ratio(double numerator, double denominator) {
        return denominator == 0 ? null : 100 * numerator / denominator;
    }

    /**
     * (Σ {@code terms}) / {@code base} × 100 for sums of money, undefined (null) when the base is 0: computed in
     * decimal from the amounts as written (145,778.82, not its nearest binary fraction) and rounded once, as the
     * reference does; so a month that lost nothing keeps exactly 100 % (100 × x / x in binary can come out
     * 100.00000000000001).
     */
    static Double money(double base, double... terms) {
        if (base == 0) {
            return null;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (double term : terms) {
            sum = sum.add(BigDecimal.valueOf(term));
        }
        return sum.multiply(HUNDRED).divide(BigDecimal.valueOf(base), MathContext.DECIMAL128).doubleValue();
    }
}
