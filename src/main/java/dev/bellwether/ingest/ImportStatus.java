package dev.bellwether.ingest;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.bellwether.platform.sql.StoredWord;

/** Where an import stands ({@code import_batch.status}, and the API's {@code status}). */
public enum ImportStatus implements StoredWord {
    PROCESSING("processing"), APPLIED("applied"), REJECTED("rejected"), FAILED("failed");

    private final String word;

    ImportStatus(String word) {
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
