package dev.bellwether.alerts;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import dev.bellwether.platform.sql.StoredWord;

/** Stores an {@link AlertStatus} as its word. */
@Converter
public class AlertStatusConverter implements AttributeConverter<AlertStatus, String> {

    @Override
    public String convertToDatabaseColumn(AlertStatus status) {
        return status == null ? null : status.word();
    }

    @Override
    public AlertStatus convertToEntityAttribute(String word) {
        return word == null ? null : StoredWord.of(AlertStatus.class, word);
    }
}
