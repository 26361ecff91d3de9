package dev.bellwether.ingest;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.bellwether.platform.sql.StoredWord;

/** Where the recalculation an import asked for stands, as the import's history shows it. */
public enum RecalculationStatus implements StoredWord {
    PENDING("pending"), RUNNING("running"), DONE("done"), FAILED("failed");

    private final String word;

    RecalculationStatus(String word) {
        this.word = word;
    }

    @Override
    @JsonValue
    public String word() {
        return word;
    }

    @Override
    public String toString() {
        return word;
    }
}
