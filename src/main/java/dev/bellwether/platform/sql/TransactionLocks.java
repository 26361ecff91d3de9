package dev.bellwether.platform.sql;

import java.sql.SQLException;
import java.time.Duration;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

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
     * As {@link #hold(EntityManager, String)}, waiting at most {@code wait}: {@link WaitExpired} when it is held longer
     * (an import holding it for minutes), after which the transaction can only roll back.
     */
    public static void hold(EntityManager em, String name, Duration wait) {
        em.createNativeQuery("set local lock_timeout = '" + wait.toMillis() + "ms'").executeUpdate();
        try {
            hold(em, name);
        } catch (PersistenceException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && SqlException.LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                    throw new WaitExpired(name, e);
                }
            }
            throw e;
        }
        em.createNativeQuery("set local lock_timeout to default").executeUpdate();
    }

    /** A wait for a lock given up ({@code lock_timeout}: SQLSTATE 55P03); the transaction can only roll back. */
    public static final class WaitExpired extends RuntimeException {

        WaitExpired(String name, Throwable cause) {
            super("waited too long for the lock " + name, cause);
        }
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
