package dev.bellwether.platform.sql;

import jakarta.persistence.EntityManager;

/**
 * Named locks held until the current transaction ends (PostgreSQL's transaction-level advisory locks):
 * work under the same name takes turns, other names are not held up. A lock is keyed by the connection's
 * tenant and the name, two 32-bit hashes: names hashing alike (some hold text a user chose, a playbook's
 * key or an account id) make only work of one tenant wait, never another tenant's.
 */
public final class TransactionLocks {

    private TransactionLocks() {
    }

    /** Waits for, then holds until the transaction ends, the lock named {@code name}. */
    public static void hold(EntityManager em, String name) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext(coalesce(current_setting('app.tenant_id', true),"
                + " '')), hashtext(?1))").setParameter(1, name).getSingleResult();
    }

    /**
     * The lock named {@code name} of {@code tenant}, whichever tenant the connection names (none, for the platform
     * operator working on a tenant's behalf): the lock {@link #hold} takes on a connection of that tenant.
     */
    public static void hold(EntityManager em, String tenant, String name) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1), hashtext(?2))").setParameter(1, tenant)
                .setParameter(2, name).getSingleResult();
    }
}
