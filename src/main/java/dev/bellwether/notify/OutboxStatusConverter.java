package dev.bellwether.notify;

import jakarta.persistence.Converter;

import dev.bellwether.platform.sql.StoredWordConverter;

/** Stores a {@link OutboxStatus} as its word. */
@Converter
public class OutboxStatusConverter extends StoredWordConverter<OutboxStatus> {

    public OutboxStatusConverter() {
        super(OutboxStatus.class);
    }
}
