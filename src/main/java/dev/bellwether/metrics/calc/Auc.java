package dev.bellwether.metrics.calc;

import java.util.Arrays;

/**
 * docs/metrics.md's AUC: the share of (stayed, churned) pairs in which the stayed one has more
 * points, ties counting ½. Kept exact as a fraction: twice the count of wins (a tie adds 1, a win
 * 2) over twice the number of pairs, so two AUCs compare without rounding.
 */
public record Auc(long doubleWins, long doublePairs) {

    /** The AUC as a number, 0–1. */
    public double value() {
        return (double) doubleWins / doublePairs;
    }

    /** Compares two AUCs exactly (the fractions' cross products, in 128 bits). */
    public int compareTo(Auc other) {
        return compareProducts(doubleWins, other.doublePairs, other.doubleWins, doublePairs);
    }

    /** a·b against c·d, all non-negative, without overflow. */
    static int compareProducts(long a, long b, long c, long d) {
        long high1 = Math.multiplyHigh(a, b);
        long high2 = Math.multiplyHigh(c, d);
        if (high1 != high2) {
            return Long.compare(high1, high2);
        }
        return Long.compareUnsigned(a * b, c * d);
    }

    /** The AUC of two groups of points; null (undefined) when either group is empty. */
    public static Auc of(double[] stayed, int stayedCount, double[] churned, int churnedCount) {
        if (stayedCount == 0 || churnedCount == 0) {
            return null;
        }
        double[] s = Arrays.copyOf(stayed, stayedCount);
        double[] c = Arrays.copyOf(churned, churnedCount);
        Arrays.sort(s);
        Arrays.sort(c);
        long wins = 0;
        int below = 0; // churned points below the current stayed point
        int upTo = 0; // churned points at or below it
        for (double point : s) {
            while (below < c.length && c[below] < point) {
                below++;
            }
            upTo = Math.max(upTo, below);
            while (upTo < c.length && c[upTo] <= point) {
                upTo++;
            }
            wins += 2L * below + (upTo - below);
        }
        return new Auc(wins, 2L * stayedCount * churnedCount);
    }

    /** The AUC as a number, or null when undefined. */
    public static Double value(Auc auc) {
        return auc == null ? null : auc.value();
    }
}
