package dev.bellwether.tenant;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.bellwether.platform.sql.Database;

/**
 * The tenants Bellwether serves. Only the platform operator creates them ({@link #create}, called by
 * the operator's service and, for the demo realm's tenants, at start-up by {@link DemoTenants}); a
 * user's request never does.
 *
 * <p>{@link #admit} reads the tenant's row on every signed-in request, so a suspension or a deletion
 * takes effect on the very next request, on every app instance, with no cache to invalidate. What it
 * reads also refreshes the display name and currency kept in memory for pages and background work.
 */
@ApplicationScoped
public class TenantRegistry {

    private final Map<String, TenantInfo> known = new ConcurrentHashMap<>();

    @Inject
    Database database;

    private record Row(TenantInfo info, TenantStatus status, Instant createdAt) {
    }

    /** The tenant's row {@code t} as an admission reads it, its columns named apart from a companion's. */
    private static final String ADMISSION = "select t.id as admitted_id, t.display_name as admitted_name,"
            + " t.currency as admitted_currency, t.status as admitted_status, t.created_at as admitted_created_at";

    /**
     * The tenant, when it exists and is active; otherwise a {@link TenantRefusedException} (403) saying
     * whether it is unknown (never created, or deleted) or suspended. Reads the row as the tenant. For a
     * caller that is not a signed-in person (an ingest key, which goes with its tenant).
     */
    public TenantInfo admit(String tenantId) {
        return admit(tenantId, null);
    }

    /**
     * As {@link #admit(String)}, for someone who signed in at {@code signedInAt} (null: unknown): refused too
     * when that was before the tenant was created, since then they signed in to another tenant of that id,
     * one deleted since (docs/architecture.md, 13; {@link #signedInBefore}).
     */
    public TenantInfo admit(String tenantId, Instant signedInAt) {
        return admit(tenantId, signedInAt, null);
    }

    /**
     * As {@link #admit(String, Instant)}, with {@code companion}'s select (null: none) in the same statement; its row
     * goes to {@link AdmissionCompanion#read} only when the tenant admits the request.
     */
    public TenantInfo admit(String tenantId, Instant signedInAt, AdmissionCompanion companion) {
        // the row is found by the connection's tenant (the tenant admitted, set by TenantContext), not by a
        // parameter: a statement without one keeps its plan on the connection, where one with a parameter is planned
        // afresh on each run (plan_cache_mode, architecture.md section 4), companion and all
        String sql = ADMISSION + (companion == null ? " from tenant t"
                : ", c.* from tenant t left join lateral (" + companion.select() + ") c on true")
                + " where t.id = app_tenant()";
        Optional<Row> row = TenantContext.call(tenantId,
                () -> database.first(sql, r -> row(r, tenantId, companion, signedInAt)))
                .filter(read -> read.info().id().equals(tenantId));
        if (row.isEmpty()) {
            known.remove(tenantId);
            throw TenantRefusedException.unknown();
        }
        if (signedInBefore(signedInAt, row.get().createdAt())) {
            throw TenantRefusedException.signedInBefore();
        }
        known.put(tenantId, row.get().info());
        if (row.get().status() != TenantStatus.ACTIVE) {
            throw TenantRefusedException.suspended();
        }
        return row.get().info();
    }

    /**
     * The row of tenant {@code tenantId} as read, handed to {@code companion} (null: none) when it admits the request
     * (a row of another id is none of the admission's: {@link #admit} refuses it as unknown).
     */
    private static Row row(dev.bellwether.platform.sql.Row r, String tenantId, AdmissionCompanion companion,
            Instant signedInAt) {
        Row read = new Row(new TenantInfo(r.string("admitted_id"), r.string("admitted_name"),
                r.string("admitted_currency")), r.word("admitted_status", TenantStatus.class),
                r.instant("admitted_created_at"));
        if (companion != null && read.info().id().equals(tenantId) && read.status() == TenantStatus.ACTIVE
                && !signedInBefore(signedInAt, read.createdAt())) {
            companion.read(r);
        }
        return read;
    }

    /**
     * Whether someone who signed in at {@code signedInAt} (null: unknown, never refused) did so before a tenant
     * created at {@code createdAt}, so to another tenant of its id, deleted since. Tokens give whole seconds, so
     * the second the tenant was created in counts as after.
     */
    public static boolean signedInBefore(Instant signedInAt, Instant createdAt) {
        return signedInAt != null && signedInAt.isBefore(createdAt.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Whether the tenant has its row (active or suspended). Reads the row as the tenant. */
    public boolean exists(String tenantId) {
        return TenantContext.call(tenantId,
                () -> database.first("select 1 as one from tenant where id = ?", r -> true, tenantId).isPresent());
    }

    /**
     * Creates the tenant's row with default settings; false (nothing changed) when the id is taken.
     * Joins the caller's transaction, which must run
     * {@link TenantContext#withoutTenant without a tenant}, as every platform operation does: the database
     * refuses it on a tenant's connection (V21, {@code bw_create_tenant}).
     */
    public boolean create(String tenantId, String displayName) {
        String id = TenantClaim.validate(tenantId)
                .orElseThrow(() -> new IllegalArgumentException("Not a valid tenant id: " + tenantId));
        return database.one("select bw_create_tenant(?, ?) as created", r -> r.bool("created"), id,
                displayName);
    }

    /**
     * The tenant's display name without touching the database (safe on any thread): the cached
     * row's name, or one made from the id.
     */
    public String displayName(String tenantId) {
        TenantInfo info = known.get(tenantId);
        return info != null ? info.displayName() : defaultDisplayName(tenantId);
    }

    /** The tenant's currency (ISO 4217) without touching the database: the cached row's, or USD. */
    public String currency(String tenantId) {
        TenantInfo info = known.get(tenantId);
        return info != null ? info.currency() : "USD";
    }

    /** Forgets what was cached of a tenant, after its settings change or it is deleted. */
    public void forget(String tenantId) {
        known.remove(tenantId);
    }

    void forget(@Observes TenantDeleted deleted) {
        forget(deleted.id());
    }

    /** The name a tenant gets when none is given: its id with a capital first letter. */
    public static String defaultDisplayName(String tenantId) {
        return tenantId.substring(0, 1).toUpperCase(Locale.ROOT) + tenantId.substring(1);
    }
}
