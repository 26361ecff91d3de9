package dev.bellwether.tenant;

import dev.bellwether.platform.sql.StoredWord;

/** Whether a tenant's users may work ({@code tenant.status}); only the platform operator changes it. */
public enum TenantStatus implements StoredWord {
    /** Its users sign in and work. */
    ACTIVE,
    /** Every page and API answers its users 403; its data stays. */
    SUSPENDED;

    /** The status stored as {@code word}. */
    public static TenantStatus of(String word) {
        return StoredWord.of(TenantStatus.class, word);
    }

    @Override
    public String toString() {
        return word();
    }
}
