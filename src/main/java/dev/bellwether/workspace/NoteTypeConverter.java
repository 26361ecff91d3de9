package dev.bellwether.workspace;

import jakarta.persistence.Converter;

import dev.bellwether.platform.sql.StoredWordConverter;

/** Stores a {@link NoteType} as its word. */
@Converter
public class NoteTypeConverter extends StoredWordConverter<NoteType> {

    public NoteTypeConverter() {
        super(NoteType.class);
    }
}
