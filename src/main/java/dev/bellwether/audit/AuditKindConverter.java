package dev.bellwether.audit;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores an {@link AuditKind} as its word. */
@Converter
public class AuditKindConverter implements AttributeConverter<AuditKind, String> {

    @Override
    public String convertToDatabaseColumn(AuditKind kind) {
        return kind == null ? null : kind.word();
    }

    @Override
    public AuditKind convertToEntityAttribute(String word) {
        return word == null ? null : AuditKind.of(word);
    }
}
