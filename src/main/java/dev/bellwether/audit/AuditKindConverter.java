package dev.bellwether.audit;

import jakarta.persistence.Converter;

import dev.bellwether.platform.sql.StoredWordConverter;

/** Stores an {@link AuditKind} as its word. */
@Converter
public class AuditKindConverter extends StoredWordConverter<AuditKind> {

    public AuditKindConverter() {
        super(AuditKind.class);
    }
}
