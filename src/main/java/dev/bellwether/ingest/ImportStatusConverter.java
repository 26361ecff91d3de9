package dev.bellwether.ingest;

import jakarta.persistence.Converter;

import dev.bellwether.platform.sql.StoredWordConverter;

/** Stores an {@link ImportStatus} as its word. */
@Converter
public class ImportStatusConverter extends StoredWordConverter<ImportStatus> {

    public ImportStatusConverter() {
        super(ImportStatus.class);
    }
}
