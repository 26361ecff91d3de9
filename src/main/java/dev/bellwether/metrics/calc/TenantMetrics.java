package dev.bellwether.metrics.calc;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The metrics of one month for a set of accounts (the tenant, a segment, a CSM's book): one value
 * per book figure of {@link MetricDefinition}, as docs/api.md names them. A figure that is undefined (a
 * ratio with a zero denominator, a median of nothing) is null, never 0. Percentages are 0–100,
 * unrounded.
 *
 * <p>Read a figure with {@link #get}; {@link #count} and {@link #amount} read the figures that are
 * whole numbers or always defined without unboxing. Asking for an account's figure fails at once.
 */
public final class TenantMetrics {

    private static final int SIZE = MetricDefinition.values().length;

    private final String month;
    /** By the definition's ordinal; NaN where undefined. */
    private final double[] values;

    private TenantMetrics(String month, double[] values) {
        this.month = month;
        this.values = values;
    }

    /** The month, {@code YYYY-MM}. */
    public String month() {
        return month;
    }

    /** The figure, or null when it is undefined. */
    public Double get(MetricDefinition metric) {
        double value = values[book(metric).ordinal()];
        return Double.isNaN(value) ? null : value;
    }

    /** A whole-number figure (a count), 0 if it was never known. */
    public int count(MetricDefinition metric) {
        if (!metric.whole()) {
            throw new IllegalArgumentException(metric.key() + " is not a count");
        }
        double value = values[book(metric).ordinal()];
        return Double.isNaN(value) ? 0 : (int) value;
    }

    /** A figure that is always defined (an amount of money). */
    public double amount(MetricDefinition metric) {
        if (!metric.alwaysDefined()) {
            throw new IllegalArgumentException(metric.key() + " can be undefined: read it with get");
        }
        return values[book(metric).ordinal()];
    }

    /**
     * The figures as the API writes them: {@code month}, then every book figure by its key in
     * {@link MetricDefinition#ofBooks()}' order; counts as integers, undefined figures as null.
     */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("month", month);
        for (MetricDefinition metric : MetricDefinition.ofBooks()) {
            map.put(metric.key(), metric.whole() && get(metric) != null ? (Object) count(metric) : get(metric));
        }
        return map;
    }

    private static MetricDefinition book(MetricDefinition metric) {
        if (!metric.ofBook()) {
            throw new IllegalArgumentException(metric.key() + " is an account's figure, not a book's");
        }
        return metric;
    }

    public static Builder builder(String month) {
        return new Builder(month);
    }

    /** Fills a month's figures one by one; {@link #build()} fails if one was left out. */
    public static final class Builder {

        private final String month;
        private final double[] values = new double[SIZE];
        private final boolean[] set = new boolean[SIZE];

        private Builder(String month) {
            this.month = Objects.requireNonNull(month, "month");
            Arrays.fill(values, Double.NaN);
        }

        /** Sets a figure; null means undefined. */
        public Builder set(MetricDefinition metric, Double value) {
            return put(metric, value == null ? Double.NaN : value);
        }

        public Builder set(MetricDefinition metric, double value) {
            return put(metric, value);
        }

        public Builder set(MetricDefinition metric, int value) {
            return put(metric, value);
        }

        private Builder put(MetricDefinition metric, double value) {
            int i = book(metric).ordinal();
            values[i] = value;
            set[i] = true;
            return this;
        }

        /** Leaves every figure not set yet undefined (reading back figures stored before a figure was added). */
        public Builder restUndefined() {
            for (MetricDefinition metric : MetricDefinition.ofBooks()) {
                set[metric.ordinal()] = true;
            }
            return this;
        }

        public TenantMetrics build() {
            StringJoiner missing = new StringJoiner(", ");
            for (MetricDefinition metric : MetricDefinition.ofBooks()) {
                if (!set[metric.ordinal()]) {
                    missing.add(metric.key());
                }
            }
            if (missing.length() > 0) {
                throw new IllegalStateException("The metrics of " + month + " lack " + missing);
            }
            return new TenantMetrics(month, values.clone());
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TenantMetrics that && month.equals(that.month) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * month.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "TenantMetrics" + asMap();
    }
}
