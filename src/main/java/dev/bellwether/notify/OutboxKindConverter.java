package dev.bellwether.notify;

import jakarta.persistence.Converter;

import dev.bellwether.platform.sql.StoredWordConverter;

/** Stores a {@link OutboxKind} as its word. */
@Converter
public class OutboxKindConverter extends StoredWordConverter<OutboxKind> {

    public OutboxKindConverter() {
        super(OutboxKind.class);
    }
}
