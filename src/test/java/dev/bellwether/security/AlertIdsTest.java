package dev.bellwether.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Hardening finding 11: alert ids came from one sequence shared by every tenant, so a tenant could
 * read from its own ids how many alerts the others get. Each tenant's alerts are now numbered 1, 2,
 * 3, … whatever the other tenants hold.
 */
@QuarkusTest
class AlertIdsTest {

    @Inject
    TestTenants tenants;

    @Inject
    Recalculations recalculations;

    @Inject
    TenantData data;

    @Test
    void eachTenantsAlertsAreNumberedFromOne() {
        String first = tenants.create("alerts-a");
        String second = tenants.create("alerts-b");
        recalculations.loadSample(first);
        recalculations.loadSample(second);
        for (String tenant : new String[] {first, second}) {
            assertEquals("33|1|33",
                    data.single(tenant, "select count(*) || '|' || min(id) || '|' || max(id) from alert"),
                    "alerts of " + tenant + ": count, lowest and highest id");
        }
    }
}
