package dev.bellwether.workspace;

import java.util.Arrays;
import java.util.Optional;

import dev.bellwether.platform.sql.StoredWord;

/** What a timeline entry is about (docs/api.md); the order breaks ties between entries at the same instant. */
public enum TimelineKind implements StoredWord {
    NOTE("Notes"), ACTIVITY("Activities"), TASK("Tasks"), ALERT("Alerts"), BAND("Band changes"), MRR("MRR"),
    TICKET("Tickets"), SURVEY("Surveys");

    private final String label;

    TimelineKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The words, as an error message lists them. */
    public static String words() {
        return String.join(", ", Arrays.stream(values()).map(TimelineKind::word).toList());
    }

    public static Optional<TimelineKind> of(String word) {
        return Arrays.stream(values()).filter(k -> k.word().equals(word)).findFirst();
    }

    @Override
    public String toString() {
        return word();
    }
}
