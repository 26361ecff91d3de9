package dev.bellwether.metrics.calc;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

import dev.bellwether.health.Component;

/**
 * docs/metrics.md's suggested weights: of every set of component weights in 5-point steps summing
 * to 100, the one whose health has the highest AUC on the training months; ties go to the set
 * closest to the current weights (least Σ |difference|), then to the largest (usage, engagement,
 * outcomes, financial) in lexicographic order. Reports the AUC of the current and the suggested
 * weights on the training and on the holdout months.
 *
 * <p>1,771 weight sets are tried. Each is judged without sorting the stayed pairs: the churned
 * pairs' healths are sorted once per set and indexed by value buckets, so each stayed pair finds
 * how many churned pairs it beats or ties in a bucket of a value or two. The AUCs are compared as
 * exact fractions, so equal AUCs tie whatever the rounding.
 */
public final class WeightSearch {

    static final int STEP = 5;
    /** Value buckets of the churned healths: fine enough that a bucket holds a value or two. */
    private static final int BUCKETS = 16_384;
    /** Buckets up to this many values are scanned; larger ones (many equal healths) are searched. */
    private static final int LINEAR = 8;

    private WeightSearch() {
    }

    /** The AUCs of the current and the suggested weights on one set of months (null: undefined). */
    public record Aucs(Double current, Double suggested) {
    }

    /**
     * The suggestion: {@code weights} null when no weight set has a defined training AUC (no churned
     * or no stayed pair among the training months).
     */
    public record Suggestion(Map<String, Number> weights, Map<String, Number> current, Aucs training, Aucs holdout) {
    }

    /**
     * A weight set tried, with its training AUC and its distance from the current weights, exact: the
     * weights as written (58.3, not the double nearest it), so that equal distances tie as metrics.md
     * means them and the larger tuple decides.
     */
    private record Candidate(int[] weights, Auc auc, BigDecimal distance) {

        /** Positive when this one is the better suggestion: higher AUC, then closer, then the larger tuple. */
        int compareTo(Candidate other) {
            int byAuc = auc.compareTo(other.auc);
            if (byAuc != 0) {
                return byAuc;
            }
            int byDistance = other.distance.compareTo(distance);
            return byDistance != 0 ? byDistance : Arrays.compare(weights, other.weights);
        }
    }

    /**
     * Pairs copied side by side for a tight loop: the component scores by component, then pair, an
     * absent component as 0 with its bit clear in the pair's mask; the healths of the pairs whose
     * segment has weights of its own ({@code fixed}) apart, as they never change.
     */
    private static final class Columns {

        final double[][] scores;
        final byte[] mask;
        final int size;
        final double[] fixed;

        Columns(DriverSample sample, int[] pairs) {
            int components = sample.scores.length;
            int free = 0;
            for (int pair : pairs) {
                free += Double.isNaN(sample.fixedHealth[pair]) ? 1 : 0;
            }
            size = free;
            scores = new double[components][free];
            mask = new byte[free];
            fixed = new double[pairs.length - free];
            int j = 0;
            int f = 0;
            for (int pair : pairs) {
                if (!Double.isNaN(sample.fixedHealth[pair])) {
                    fixed[f++] = sample.fixedHealth[pair];
                    continue;
                }
                int bits = 0;
                for (int c = 0; c < components; c++) {
                    double score = sample.scores[c][pair];
                    boolean present = !Double.isNaN(score);
                    scores[c][j] = present ? score : 0;
                    bits |= present ? 1 << c : 0;
                }
                mask[j++] = (byte) bits;
            }
        }

        /**
         * Every pair's health under {@code w} into {@code into} (fixed pairs last), NaN where its
         * present components all weigh 0. The same operations in the same order as
         * {@link DriverSample#health} and the health calculator, so ties stay ties: an absent
         * component adds w × 0 = +0, which changes no sum, and the present weights are summed in
         * component order ({@code presentWeight}, by mask).
         */
        int healths(double[] w, double[] presentWeight, double[] into) {
            double[] s0 = scores[0];
            double[] s1 = scores[1];
            double[] s2 = scores[2];
            double[] s3 = scores[3];
            double w0 = w[0];
            double w1 = w[1];
            double w2 = w[2];
            double w3 = w[3];
            for (int j = 0; j < size; j++) {
                into[j] = w0 * s0[j] + w1 * s1[j] + w2 * s2[j] + w3 * s3[j];
            }
            for (int j = 0; j < size; j++) {
                into[j] = into[j] / presentWeight[mask[j]];
            }
            System.arraycopy(fixed, 0, into, size, fixed.length);
            return size + fixed.length;
        }
    }

    /** The sum of the weights of the components in each mask, in component order (0 for none). */
    static double[] presentWeights(double[] w) {
        double[] sums = new double[1 << w.length];
        for (int bits = 0; bits < sums.length; bits++) {
            double present = 0;
            for (int c = 0; c < w.length; c++) {
                if ((bits & 1 << c) != 0) {
                    present += w[c];
                }
            }
            sums[bits] = present;
        }
        return sums;
    }

    /** The pairs of one set of months, split into stayed and churned. */
    private static final class Split {

        final Columns stayed;
        final Columns churned;

        Split(DriverSample sample, boolean holdout) {
            List<Integer> s = new ArrayList<>();
            List<Integer> c = new ArrayList<>();
            for (int i = 0; i < sample.size(); i++) {
                if (sample.holdout(i) == holdout) {
                    (sample.churned(i) ? c : s).add(i);
                }
            }
            stayed = new Columns(sample, s.stream().mapToInt(Integer::intValue).toArray());
            churned = new Columns(sample, c.stream().mapToInt(Integer::intValue).toArray());
        }

        /** The AUC of health under {@code w}; null when undefined. */
        Auc auc(double[] w) {
            return new Scratch(this).auc(w);
        }
    }

    /** One thread's working arrays for judging weight sets on a split. */
    private static final class Scratch {

        final Split split;
        /** The churned pairs' healths, grouped by bucket (a bucket of more than {@link #LINEAR} sorted). */
        final double[] churnedHealth;
        final double[] unordered;
        final double[] stayedHealth;
        final int[] buckets;
        final int[] bucketStart = new int[BUCKETS + 1];
        final int[] cursor = new int[BUCKETS];

        Scratch(Split split) {
            this.split = split;
            int churned = split.churned.size + split.churned.fixed.length;
            this.churnedHealth = new double[churned];
            this.unordered = new double[churned];
            this.buckets = new int[churned];
            this.stayedHealth = new double[split.stayed.size + split.stayed.fixed.length];
        }

        Auc auc(double[] w) {
            double[] presentWeight = presentWeights(w);
            int churnedCount = groupChurned(w, presentWeight);
            if (churnedCount == 0) {
                return null;
            }
            int stayedPairs = split.stayed.healths(w, presentWeight, stayedHealth);
            long wins = 0;
            long stayedCount = 0;
            for (int j = 0; j < stayedPairs; j++) {
                double h = stayedHealth[j];
                if (Double.isNaN(h)) {
                    continue;
                }
                stayedCount++;
                int b = bucket(h);
                int from = bucketStart[b];
                int to = bucketStart[b + 1];
                int below = from;
                int ties = 0;
                if (to - from <= LINEAR) {
                    for (int k = from; k < to; k++) {
                        double other = churnedHealth[k];
                        below += other < h ? 1 : 0;
                        ties += other == h ? 1 : 0;
                    }
                } else {
                    below = firstAbove(h, from, to, false);
                    ties = firstAbove(h, below, to, true) - below;
                }
                wins += 2L * below + ties;
            }
            return stayedCount == 0 ? null : new Auc(wins, 2L * stayedCount * churnedCount);
        }

        /**
         * The churned pairs' healths under {@code w}, grouped by bucket in {@link #churnedHealth}
         * (a counting sort: no comparison sort of them all); answers how many have a health.
         */
        private int groupChurned(double[] w, double[] presentWeight) {
            int pairs = split.churned.healths(w, presentWeight, churnedHealth);
            Arrays.fill(bucketStart, 0);
            int count = 0;
            for (int j = 0; j < pairs; j++) {
                double h = churnedHealth[j];
                if (!Double.isNaN(h)) {
                    int b = bucket(h);
                    unordered[count] = h;
                    buckets[count++] = b;
                    bucketStart[b + 1]++;
                }
            }
            for (int b = 0; b < BUCKETS; b++) {
                bucketStart[b + 1] += bucketStart[b];
            }
            System.arraycopy(bucketStart, 0, cursor, 0, BUCKETS);
            for (int k = 0; k < count; k++) {
                churnedHealth[cursor[buckets[k]]++] = unordered[k];
            }
            for (int k = 0; k < count; k++) {
                int b = buckets[k];
                int from = bucketStart[b];
                int to = bucketStart[b + 1];
                if (to - from > LINEAR && cursor[b] == to) {
                    Arrays.sort(churnedHealth, from, to);
                    cursor[b] = -1; // sorted once
                }
            }
            return count;
        }

        /** The first index in [from, to) whose health is ≥ h (> h when {@code strictly}), else {@code to}. */
        private int firstAbove(double h, int from, int to, boolean strictly) {
            int lo = from;
            int hi = to;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                double other = churnedHealth[mid];
                if (strictly ? other <= h : other < h) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /** Health points 0–100 into buckets; monotone, so only a point's own bucket can hold ties. */
    private static int bucket(double health) {
        int b = (int) (health * (BUCKETS / 100.0));
        return b < 0 ? 0 : Math.min(BUCKETS - 1, b);
    }

    /**
     * The search on a precomputed sample. The weight sets are judged in parallel, one usage weight
     * per task; the best is chosen by the rules above whatever order the tasks finish in.
     */
    public static Suggestion suggest(DriverSample sample) {
        Split training = new Split(sample, false);
        Split holdout = new Split(sample, true);
        double[] current = sample.current;
        Candidate best = IntStream.rangeClosed(0, 100 / STEP).parallel()
                .mapToObj(i -> bestWithUsage(training, current, 100 - i * STEP))
                .filter(Objects::nonNull).reduce((a, b) -> a.compareTo(b) >= 0 ? a : b).orElse(null);
        Map<String, Number> currentWeights = named(current);
        if (best == null) {
            return new Suggestion(null, currentWeights, new Aucs(Auc.value(training.auc(current)), null),
                    new Aucs(Auc.value(holdout.auc(current)), null));
        }
        double[] suggested = Arrays.stream(best.weights()).asDoubleStream().toArray();
        return new Suggestion(named(suggested), currentWeights,
                new Aucs(Auc.value(training.auc(current)), best.auc().value()),
                new Aucs(Auc.value(holdout.auc(current)), Auc.value(holdout.auc(suggested))));
    }

    /** The best of the weight sets whose usage weight is {@code usage}; null when none has a defined AUC. */
    private static Candidate bestWithUsage(Split training, double[] current, int usage) {
        Scratch scratch = new Scratch(training);
        Candidate best = null;
        double[] weights = new double[4];
        for (int engagement = 100 - usage; engagement >= 0; engagement -= STEP) {
            for (int outcomes = 100 - usage - engagement; outcomes >= 0; outcomes -= STEP) {
                int[] w = { usage, engagement, outcomes, 100 - usage - engagement - outcomes };
                for (int c = 0; c < 4; c++) {
                    weights[c] = w[c];
                }
                Auc auc = scratch.auc(weights);
                if (auc == null) {
                    continue;
                }
                Candidate candidate = new Candidate(w, auc, distance(weights, current));
                if (best == null || candidate.compareTo(best) > 0) {
                    best = candidate;
                }
            }
        }
        return best;
    }

    private static BigDecimal distance(double[] a, double[] b) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int c = 0; c < a.length; c++) {
            sum = sum.add(BigDecimal.valueOf(a[c]).subtract(BigDecimal.valueOf(b[c])).abs());
        }
        return sum;
    }

    /** Weights by component key, whole numbers as integers. */
    static Map<String, Number> named(double[] weights) {
        Map<String, Number> named = new LinkedHashMap<>();
        for (Component c : Component.values()) {
            double w = weights[c.ordinal()];
            named.put(c.key(), w == Math.rint(w) && Math.abs(w) < Integer.MAX_VALUE ? (Number) (int) w : w);
        }
        return named;
    }
}
