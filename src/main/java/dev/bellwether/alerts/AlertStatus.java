package dev.bellwether.alerts;

import dev.bellwether.platform.sql.StoredWord;

/** Where an alert stands in the CSM's workflow ({@code alert.status}, and the API's {@code status}). */
public enum AlertStatus implements StoredWord {
    OPEN, ACKNOWLEDGED, SNOOZED, RESOLVED;

    @Override
    public String toString() {
        return word();
    }
}
