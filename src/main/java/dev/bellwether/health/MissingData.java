package dev.bellwether.health;

import java.util.Arrays;
import java.util.Optional;

/** What a measure without a value does to the score. */
public enum MissingData {
    /** No points: its component is the mean of the measures that have a value (the default). */
    EXCLUDE("exclude"),
    /** Counts as 0 points, as if the value were at its poor bound. */
    ZERO("zero"),
    /** Uses the last value the account had in an earlier month; excluded if it never had one. */
    CARRY_FORWARD("carry");

    private final String key;

    MissingData(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<MissingData> of(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }
}
