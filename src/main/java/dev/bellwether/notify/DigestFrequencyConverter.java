package dev.bellwether.notify;

import jakarta.persistence.Converter;

import dev.bellwether.platform.sql.StoredWordConverter;

/** Stores a {@link DigestFrequency} as its word. */
@Converter
public class DigestFrequencyConverter extends StoredWordConverter<DigestFrequency> {

    public DigestFrequencyConverter() {
        super(DigestFrequency.class);
    }
}
