package dev.bellwether.alerts;

import jakarta.persistence.Converter;

import dev.bellwether.platform.sql.StoredWordConverter;

/** Stores an {@link AlertStatus} as its word. */
@Converter
public class AlertStatusConverter extends StoredWordConverter<AlertStatus> {

    public AlertStatusConverter() {
        super(AlertStatus.class);
    }
}
