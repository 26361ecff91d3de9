package dev.bellwether.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.bellwether.tenant.TenantContext;
import dev.bellwether.tenant.TenantRefusedException;
import dev.bellwether.testing.DatabaseBootstrap;
import dev.bellwether.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The platform operator gives a tenant an admin from a connection that names no tenant: its team lock is the one the
 * tenant's own admins take, so the two take turns instead of each reading the team as the other changes it.
 */
@QuarkusTest
class TeamLockTest {

    @Inject
    EntityManager em;

    @Inject
    TestTenants tenants;

    @Inject
    Team team;

    @Test
    void theOperatorsConnectionTakesTheTenantsOwnTeamLock() throws Exception {
        String tenant = tenants.create("team-lock");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> tenantSide = CompletableFuture.runAsync(() -> TenantContext.run(tenant,
                () -> QuarkusTransaction.requiringNew().run(() -> {
                    Team.lock(em, tenant);
                    held.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })));
        held.await(30, TimeUnit.SECONDS);
        // while the tenant's admin holds it, the operator's side waits (here until its lock_timeout)
        assertThrows(RuntimeException.class, () -> operatorLock(tenant, "set local lock_timeout = '300ms'"));
        release.countDown();
        tenantSide.get(30, TimeUnit.SECONDS);
        assertEquals(1, operatorLock(tenant, "set local lock_timeout = '10s'"));
    }

    /**
     * An admin's team change let in while the tenant was active, and given the lock after a deletion suspended it:
     * refused, so nobody is invited into a tenant whose members are being deleted.
     */
    @Test
    void anAdminsChangeIsRefusedWhenTheTenantStoppedBeingActiveBeforeItsTurn() throws Exception {
        String tenant = tenants.create("team-gone");
        try (Connection connection = DatabaseBootstrap.superuserConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("update tenant set status = 'suspended' where id = '" + tenant + "'");
        }
        TenantRefusedException refused = assertThrows(TenantRefusedException.class, () -> TenantContext.run(tenant,
                () -> QuarkusTransaction.requiringNew().run(() -> team.lockAsAdmin(tenant,
                        new Team.Actor("ada-id", "Ada")))));
        assertEquals(TenantRefusedException.suspended().getMessage(), refused.getMessage());
    }

    private int operatorLock(String tenant, String timeout) {
        return TenantContext.withoutTenant(() -> QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery(timeout).executeUpdate();
            Team.lock(em, tenant);
            return 1;
        }));
    }
}
