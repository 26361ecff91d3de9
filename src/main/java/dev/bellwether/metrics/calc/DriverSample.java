package dev.bellwether.metrics.calc;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.bellwether.health.Component;
import dev.bellwether.health.HealthCalculator.Score;
import dev.bellwether.health.HealthModel;

/**
 * What the suggested-weights search needs, worked out once per recalculation (docs/metrics.md,
 * Churn drivers): for every pair (a, X) of the observation months with a active in X and at least
 * one component scored, the four component scores (NaN when absent), whether it churned by X+3 and
 * whether X is a holdout month. Accounts of a segment with weights of its own keep the health the
 * model gave them ({@link #fixedHealth}, NaN otherwise): the search varies the tenant-wide weights
 * only. Stored with the snapshot as bytes ({@link #encode}), so the search never reloads the data.
 */
public final class DriverSample {

    /** The components, in their order (a copy of {@code Component.values()} made once, not per account and month). */
    private static final Component[] COMPONENTS = Component.values();

    /** The observation months: the 12 ending at M−3; the first 9 train, the last 3 judge. */
    static final int OBSERVATION_MONTHS = 12;
    static final int TRAINING_MONTHS = 9;
    static final int HORIZON = 3;

    private static final int FORMAT = 1;
    private static final int CHURNED = 1;
    private static final int HOLDOUT = 2;

    /** The tenant-wide weights in use, in {@link Component} order. */
    final double[] current;
    final int size;
    /** Component scores by component ordinal, then pair. */
    final double[][] scores;
    final double[] fixedHealth;
    final byte[] flags;

    DriverSample(double[] current, int size, double[][] scores, double[] fixedHealth, byte[] flags) {
        this.current = current;
        this.size = size;
        this.scores = scores;
        this.fixedHealth = fixedHealth;
        this.flags = flags;
    }

    /** The pairs of the observation months ending at M−3, scored with {@code model}. */
    public static DriverSample of(Months months, List<AccountResult> accounts, HealthModel model) {
        int m = months.count() - 1;
        int first = m - HORIZON - (OBSERVATION_MONTHS - 1);
        Builder b = new Builder(weights(model.weights()));
        for (AccountResult account : accounts) {
            AccountFacts a = account.facts();
            boolean ownWeights = a.segment != null && model.segmentWeights().containsKey(a.segment);
            for (int x = Math.max(0, first); x <= m - HORIZON; x++) {
                Score score = account.scores()[x];
                if (!a.active(x) || score == null) {
                    continue;
                }
                double[] components = new double[COMPONENTS.length];
                boolean any = false;
                for (Component c : COMPONENTS) {
                    Double value = score.component(c);
                    components[c.ordinal()] = value == null ? Double.NaN : value;
                    any |= value != null;
                }
                double fixed = Double.NaN;
                if (ownWeights) {
                    if (score.health() == null) {
                        continue;
                    }
                    fixed = score.health();
                } else if (!any) {
                    continue;
                }
                int flag = (a.mrr(x + HORIZON) > 0 ? 0 : CHURNED) | (x - first >= TRAINING_MONTHS ? HOLDOUT : 0);
                b.add(components, fixed, flag);
            }
        }
        return b.build();
    }

    static double[] weights(Map<Component, Double> weights) {
        double[] w = new double[Component.values().length];
        for (Component c : Component.values()) {
            w[c.ordinal()] = weights.getOrDefault(c, 0.0);
        }
        return w;
    }

    public int size() {
        return size;
    }

    boolean churned(int pair) {
        return (flags[pair] & CHURNED) != 0;
    }

    boolean holdout(int pair) {
        return (flags[pair] & HOLDOUT) != 0;
    }

    /**
     * Health of a pair under tenant-wide weights {@code w} exactly as the health calculator computes
     * it (present components in component order); NaN when its present components all weigh 0.
     */
    double health(int pair, double[] w) {
        double fixed = fixedHealth[pair];
        if (!Double.isNaN(fixed)) {
            return fixed;
        }
        double present = 0;
        double weighted = 0;
        for (int c = 0; c < w.length; c++) {
            double score = scores[c][pair];
            if (!Double.isNaN(score)) {
                present += w[c];
                weighted += w[c] * score;
            }
        }
        return present == 0 ? Double.NaN : weighted / present;
    }

    /**
     * Whether {@code other} holds the same pairs with the same weights in use, value for value (its
     * absent scores are NaN, as here): then it is stored as the same bytes ({@link #encode}).
     */
    public boolean sameAs(DriverSample other) {
        if (this == other) {
            return true;
        }
        if (size != other.size || !Arrays.equals(current, other.current) || !Arrays.equals(flags, other.flags)
                || !Arrays.equals(fixedHealth, other.fixedHealth) || scores.length != other.scores.length) {
            return false;
        }
        for (int c = 0; c < scores.length; c++) {
            if (!Arrays.equals(scores[c], other.scores[c])) {
                return false;
            }
        }
        return true;
    }

    /** The sample as bytes, to store with the snapshot. */
    public byte[] encode() {
        int components = scores.length;
        ByteBuffer out = ByteBuffer.allocate(12 + 8 * components + size * (8 * (components + 1) + 1));
        out.putInt(FORMAT).putInt(components).putInt(size);
        for (double w : current) {
            out.putDouble(w);
        }
        for (int i = 0; i < size; i++) {
            for (int c = 0; c < components; c++) {
                out.putDouble(scores[c][i]);
            }
            out.putDouble(fixedHealth[i]);
            out.put(flags[i]);
        }
        return out.array();
    }

    /** A sample stored by {@link #encode}. */
    public static DriverSample decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int format = in.getInt();
        int components = in.getInt();
        if (format != FORMAT || components != Component.values().length) {
            throw new IllegalArgumentException("Not a churn-driver sample of format " + FORMAT);
        }
        int size = in.getInt();
        double[] current = new double[components];
        for (int c = 0; c < components; c++) {
            current[c] = in.getDouble();
        }
        double[][] scores = new double[components][size];
        double[] fixed = new double[size];
        byte[] flags = new byte[size];
        for (int i = 0; i < size; i++) {
            for (int c = 0; c < components; c++) {
                scores[c][i] = in.getDouble();
            }
            fixed[i] = in.getDouble();
            flags[i] = in.get();
        }
        return new DriverSample(current, size, scores, fixed, flags);
    }

    /** Collects pairs into growing arrays. */
    static final class Builder {

        private final double[] current;
        private double[][] scores = new double[Component.values().length][64];
        private double[] fixed = new double[64];
        private byte[] flags = new byte[64];
        private int size;

        Builder(double[] current) {
            this.current = current;
        }

        Builder add(double[] components, double fixedHealth, int flag) {
            if (size == fixed.length) {
                int grown = size * 2;
                for (int c = 0; c < scores.length; c++) {
                    scores[c] = Arrays.copyOf(scores[c], grown);
                }
                fixed = Arrays.copyOf(fixed, grown);
                flags = Arrays.copyOf(flags, grown);
            }
            for (int c = 0; c < scores.length; c++) {
                scores[c][size] = components[c];
            }
            fixed[size] = fixedHealth;
            flags[size] = (byte) flag;
            size++;
            return this;
        }

        /** Adds a pair of a test's making: component scores (null: absent), churned or not, holdout or not. */
        Builder add(Double usage, Double engagement, Double outcomes, Double financial, boolean churned,
                boolean holdout) {
            Double[] given = { usage, engagement, outcomes, financial };
            double[] components = new double[given.length];
            for (int c = 0; c < given.length; c++) {
                components[c] = given[c] == null ? Double.NaN : given[c];
            }
            return add(components, Double.NaN, (churned ? CHURNED : 0) | (holdout ? HOLDOUT : 0));
        }

        /**
         * Adds a pair of a test's making of an account whose segment has weights of its own: its health is the
         * model's, whatever the tenant-wide weights, and its components are not read.
         */
        Builder addFixed(double health, boolean churned, boolean holdout) {
            double[] none = new double[scores.length];
            Arrays.fill(none, Double.NaN);
            return add(none, health, (churned ? CHURNED : 0) | (holdout ? HOLDOUT : 0));
        }

        DriverSample build() {
            double[][] trimmed = new double[scores.length][];
            for (int c = 0; c < scores.length; c++) {
                trimmed[c] = Arrays.copyOf(scores[c], size);
            }
            return new DriverSample(current.clone(), size, trimmed, Arrays.copyOf(fixed, size),
                    Arrays.copyOf(flags, size));
        }
    }
}
