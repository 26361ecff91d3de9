package dev.bellwether.metrics.calc;

import java.util.Arrays;

/** A growable list of doubles (resolution hours, days to first value): no boxing. */
final class Doubles {

    private double[] values = new double[16];
    private int size;

    void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    void addAll(double[] more) {
        if (size + more.length > values.length) {
            values = Arrays.copyOf(values, Math.max(size * 2, size + more.length));
        }
        System.arraycopy(more, 0, values, size, more.length);
        size += more.length;
    }

    int size() {
        return size;
    }

    /** The backing array: the first {@link #size()} values are the list's. */
    double[] values() {
        return values;
    }

    /** The median, null when empty. */
    Double median() {
        if (size == 0) {
            return null;
        }
        double[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int mid = size / 2;
        return size % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
