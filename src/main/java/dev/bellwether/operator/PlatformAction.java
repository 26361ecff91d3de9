package dev.bellwether.operator;

import dev.bellwether.platform.sql.StoredWord;

/** What the platform operator did ({@code platform_audit.action}, V21). */
public enum PlatformAction implements StoredWord {
    TENANT_CREATED("Created"), TENANT_SUSPENDED("Suspended"), TENANT_RESUMED("Resumed"), TENANT_DELETED("Deleted");

    private final String label;

    PlatformAction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return word();
    }
}
