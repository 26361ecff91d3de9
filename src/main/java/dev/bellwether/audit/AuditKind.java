package dev.bellwether.audit;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.bellwether.platform.sql.StoredWord;

/** What an audit event is about ({@code audit_event.kind}). */
public enum AuditKind implements StoredWord {
    IMPORT("import", "Import"), HEALTH_MODEL("health_model", "Health model"), ALERT_RULES("alert_rules", "Alert rules"),
    TARGET("target", "Target"), OVERRIDE("override", "Health override");

    private final String word;
    private final String label;

    AuditKind(String word, String label) {
        this.word = word;
        this.label = label;
    }

    @Override
    @JsonValue
    public String word() {
        return word;
    }

    public String label() {
        return label;
    }

    /** The kind stored as {@code word}. */
    public static AuditKind of(String word) {
        return StoredWord.of(AuditKind.class, word);
    }

    @Override
    public String toString() {
        return word;
    }
}
