package dev.bellwether.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.platform.sql.Row;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A read that rides with the admission runs as the admitted tenant, in the admission's statement, and is handed over
 * only when the tenant admits the request: never for a suspended or unknown tenant, nor for someone who signed in
 * before the tenant was created.
 */
@QuarkusTest
class AdmissionCompanionTest {

    @Inject
    TestTenants tenants;

    @Inject
    TenantRegistry registry;

    /** Records what it was handed: which tenant the statement ran as, and how many accounts it saw. */
    static final class Recording implements AdmissionCompanion {
        String seenAs;
        Long accounts;
        int reads;

        @Override
        public boolean wanted(String method, String path) {
            return true;
        }

        @Override
        public String select() {
            return "select current_setting('app.tenant_id') as seen_as, (select count(*) from account) as accounts";
        }

        @Override
        public void read(Row row) {
            reads++;
            seenAs = row.string("seen_as");
            accounts = row.longValue("accounts");
        }
    }

    @Test
    void itRunsAsTheAdmittedTenant() {
        String mine = tenants.create("companion");
        String theirs = tenants.create("companion-other");
        tenants.addAccount(mine, "A-1", "Mine");
        tenants.addAccount(theirs, "B-1", "Theirs 1");
        tenants.addAccount(theirs, "B-2", "Theirs 2");
        Recording companion = new Recording();

        TenantInfo admitted = registry.admit(mine, null, companion);

        assertEquals(mine, admitted.id());
        assertEquals(1, companion.reads);
        assertEquals(mine, companion.seenAs);
        assertEquals(1L, companion.accounts, "its own account, not the other tenant's two");
    }

    @Test
    void aRefusedRequestIsHandedNothing() {
        String paused = tenants.create("companion-paused");
        tenants.status(paused, "suspended");
        Recording companion = new Recording();
        assertThrows(TenantRefusedException.class, () -> registry.admit(paused, null, companion));
        assertEquals(0, companion.reads);

        assertThrows(TenantRefusedException.class, () -> registry.admit("companion-never-made", null, companion));
        assertEquals(0, companion.reads);

        String recreated = tenants.create("companion-new");
        assertThrows(TenantRefusedException.class,
                () -> registry.admit(recreated, Instant.now().minusSeconds(86_400), companion), "signed in before");
        assertEquals(0, companion.reads);
        assertNull(companion.seenAs);
    }
}
