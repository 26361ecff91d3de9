package dev.bellwether.tenant;

import dev.bellwether.platform.sql.Row;

/**
 * A read that rides with a request's admission ({@link TenantRegistry#admit(String, java.time.Instant,
 * AdmissionCompanion)}): its select runs inside the statement that reads the tenant's row, as the tenant, so a
 * page that needs it anyway saves a round trip to PostgreSQL. What the admission decides does not change: the
 * companion's row is handed over only to a request that is admitted.
 */
public interface AdmissionCompanion {

    /** Whether the request at {@code path} by {@code method} wants the read: the others pay nothing for it. */
    boolean wanted(String method, String path);

    /**
     * A select returning exactly one row, run as the tenant; none of its columns may start with {@code admitted_}
     * (the tenant's own columns are named so beside them).
     */
    String select();

    /** Takes the row read, once the request is admitted. */
    void read(Row row);
}
