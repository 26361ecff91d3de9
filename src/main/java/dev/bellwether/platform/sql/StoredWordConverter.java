package dev.bellwether.platform.sql;

import jakarta.persistence.AttributeConverter;

/**
 * Stores an enum of {@link StoredWord}s as its word in an entity's text column; a concrete
 * {@code @Converter} names the enum: {@code class AlertStatusConverter extends StoredWordConverter<AlertStatus>}.
 */
public abstract class StoredWordConverter<E extends Enum<E> & StoredWord> implements AttributeConverter<E, String> {

    private final Class<E> type;

    protected StoredWordConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(E value) {
        return value == null ? null : value.word();
    }

    @Override
    public E convertToEntityAttribute(String word) {
        return word == null ? null : StoredWord.of(type, word);
    }
}
