package dev.bellwether.dashboard;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;

/** How often a KPI's owner reviews it. */
public enum ReviewCadence {
    WEEKLY("weekly", "Weekly"), MONTHLY("monthly", "Monthly"), QUARTERLY("quarterly", "Quarterly");

    private final String key;
    private final String label;

    ReviewCadence(String key, String label) {
        this.key = key;
        this.label = label;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    /** The review due one period after {@code from}. */
    public LocalDate after(LocalDate from) {
        return switch (this) {
            case WEEKLY -> from.plusWeeks(1);
            case MONTHLY -> from.plusMonths(1);
            case QUARTERLY -> from.plusMonths(3);
        };
    }

    public static Optional<ReviewCadence> of(String key) {
        return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst();
    }
}
