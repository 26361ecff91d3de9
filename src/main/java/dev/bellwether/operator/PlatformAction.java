package dev.bellwether.operator;

import dev.bellwether.platform.sql.StoredWord;

/** What the platform operator did ({@code platform_audit.action}, V21). */
public enum PlatformAction implements StoredWord {
    TENANT_CREATED("Created"), TENANT_SUSPENDED("Suspended"), TENANT_RESUMED("Resumed"), TENANT_DELETED("Deleted"),
    /** A deletion whose database step failed (V36): the tenant is left suspended, without its users. */
    TENANT_DELETION_FAILED("Deletion failed"),
    /** A deletion under way (V48), recorded with its suspension: until it ends the tenant cannot be resumed. */
    TENANT_DELETION_STARTED("Deletion started"),
    /** The operator gave the tenant an admin (V55): invited one, sent an invitation again, or made a member admin. */
    ADMIN_GIVEN("Admin given");

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
