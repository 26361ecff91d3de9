package dev.bellwether.alerts;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.bellwether.platform.sql.StoredWord;

/** Where an alert stands in the CSM's workflow ({@code alert.status}, and the API's {@code status}). */
public enum AlertStatus implements StoredWord {
    OPEN("open"), ACKNOWLEDGED("acknowledged"), SNOOZED("snoozed"), RESOLVED("resolved");

    private final String word;

    AlertStatus(String word) {
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
