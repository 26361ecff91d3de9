package dev.bellwether.audit;

import dev.bellwether.platform.sql.StoredWord;

/** What an audit event is about ({@code audit_event.kind}). */
public enum AuditKind implements StoredWord {
    IMPORT("Import"), HEALTH_MODEL("Health model"), ALERT_RULES("Alert rules"), TARGET("Target"),
    OVERRIDE("Health override"), NOTE("Note"), TASK("Task"), PLAYBOOK("Playbook"),
    NOTIFICATIONS("Notification settings"), WEBHOOK("Webhook"), DIGEST("Digests"), OUTBOX("Outbox"),
    /** A CSM page view saved, shared, unshared or deleted (V18). */
    SAVED_VIEW("Saved view"),
    /** An alert acknowledged, snoozed or resolved, one by one or in bulk from the CSM page (V18). */
    ALERT("Alert"),
    /** An ingest key of the data feeds created or revoked (V19). */
    INGEST_KEY("Ingest key"),
    /** The organisation's data downloaded as a zip (V22). */
    EXPORT("Data export"),
    /** The tenant created, suspended or resumed by the platform operator (V21). */
    TENANT("Tenant"),
    /** A member invited, their role changed, disabled or enabled (V20). */
    TEAM("Team"),
    /** The tenant's own sign-in provider connected or removed (V20). */
    SSO("Single sign-on"),
    /** The organisation's currency or the segments that expect QBRs changed (V43). */
    SETTINGS("Organisation settings");

    private final String label;

    AuditKind(String label) {
        this.label = label;
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
        return word();
    }
}
