package dev.bellwether.metrics;

/**
 * A PostgreSQL array literal built element by element; the elements (dates, numbers, band
 * keys) need no quoting.
 */
final class ArrayLiteral {

    private final StringBuilder text = new StringBuilder("{");

    void add(Object value) {
        if (!isEmpty()) {
            text.append(',');
        }
        text.append(value == null ? "NULL" : value);
    }

    boolean isEmpty() {
        return text.length() == 1;
    }

    /** The literal so far; starts a new one. */
    String take() {
        String literal = text.append('}').toString();
        text.setLength(1);
        return literal;
    }
}
