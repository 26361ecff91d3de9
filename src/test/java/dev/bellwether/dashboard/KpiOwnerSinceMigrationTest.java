package dev.bellwether.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;

/**
 * V47 gives the KPI owners saved before it the day their next review counts from: each keeps the due date it had.
 * A KPI reviewed in July whose cadence alone changed in November was overdue before the upgrade, and stays so.
 */
@QuarkusTest
class KpiOwnerSinceMigrationTest {

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Inject
    KpiOwners owners;

    @Test
    void aReviewOverdueBeforeTheUpgradeStaysOverdue() throws Exception {
        String tenant = tenants.create("kpi-since");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        data.single(tenant, "with added as (insert into kpi_owner (tenant_id, metric, owner_email, cadence,"
                + " reviewed_on, updated_at, updated_by) values ('" + tenant + "', 'nrr', 'ann@x.example', 'quarterly',"
                + " date '" + today.minusMonths(5) + "', now() - interval '14 days', 'ada'), ('" + tenant + "', 'grr',"
                + " 'ben@x.example', 'weekly', null, now() - interval '3 days', 'ada') returning 1)"
                + " select count(*) from added");
        String migration;
        try (var in = getClass().getResourceAsStream("/db/migration/V47__kpi_owner_since.sql")) {
            migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String backfill = migration.substring(migration.indexOf("UPDATE")).strip();
        assertEquals("2", data.single(tenant, "with done as (" + backfill.substring(0, backfill.length() - 1)
                + " returning 1) select count(*) from done"));

        KpiOwners.Ownership nrr = TenantContext.call(tenant, () -> owners.all(today)).stream()
                .filter(o -> o.kpi() == Kpi.NRR).findFirst().orElseThrow();
        assertEquals(today.minusMonths(5).plusMonths(3), nrr.nextReview(), "three months after the July review");
        assertTrue(nrr.overdue(), "nobody reviewed it since");
        KpiOwners.Ownership grr = TenantContext.call(tenant, () -> owners.all(today)).stream()
                .filter(o -> o.kpi() == Kpi.GRR).findFirst().orElseThrow();
        assertEquals(today.minusDays(3).plusWeeks(1), grr.nextReview(), "never reviewed: a week after its last save");
    }
}
