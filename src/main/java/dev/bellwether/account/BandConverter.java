package dev.bellwether.account;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import dev.bellwether.health.Band;

/** Stores a {@link Band} as its key ({@code healthy}, {@code needs_attention}, {@code at_risk}). */
@Converter
public class BandConverter implements AttributeConverter<Band, String> {

    @Override
    public String convertToDatabaseColumn(Band band) {
        return band == null ? null : band.key();
    }

    @Override
    public Band convertToEntityAttribute(String key) {
        return key == null ? null : Band.of(key);
    }
}
