package dev.bellwether.tenant;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Knows the tenants this app instance has seen, and creates a tenant's row the first time one of
 * its users signs in. The row is created in its own transaction, as that tenant.
 */
@ApplicationScoped
public class TenantRegistry {

    private final Map<String, TenantInfo> known = new ConcurrentHashMap<>();

    @Inject
    EntityManager em;

    /** The tenant's row, created with default settings when it does not exist yet. */
    public TenantInfo ensure(String tenantId) {
        TenantInfo info = known.get(tenantId);
        if (info == null) {
            info = TenantContext.call(tenantId, () -> QuarkusTransaction.requiringNew().call(() -> load(tenantId)));
            known.put(tenantId, info);
        }
        return info;
    }

    /**
     * The tenant's display name without touching the database (safe on any thread): the cached
     * row's name, or the name a new row would get.
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

    /** Forgets what was cached of a tenant, after its settings change. */
    public void forget(String tenantId) {
        known.remove(tenantId);
    }

    private TenantInfo load(String tenantId) {
        em.createNativeQuery("insert into tenant (id, display_name) values (?1, ?2) on conflict (id) do nothing")
                .setParameter(1, tenantId)
                .setParameter(2, defaultDisplayName(tenantId))
                .executeUpdate();
        Tenant tenant = em.find(Tenant.class, tenantId);
        return new TenantInfo(tenant.id, tenant.displayName, tenant.currency);
    }

    static String defaultDisplayName(String tenantId) {
        return tenantId.substring(0, 1).toUpperCase(Locale.ROOT) + tenantId.substring(1);
    }
}
