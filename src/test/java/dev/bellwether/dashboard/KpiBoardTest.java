package dev.bellwether.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The executive page's one read of targets and owners gives what the admin pages' two reads give, for the current
 * tenant only.
 */
@QuarkusTest
class KpiBoardTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);

    @Inject
    TestTenants tenants;

    @Inject
    KpiBoard board;

    @Inject
    KpiTargets targets;

    @Inject
    KpiOwners owners;

    @Test
    void oneReadGivesTheTenantsTargetsAndOwners() {
        String mine = tenants.create("board");
        String theirs = tenants.create("board-other");
        TenantContext.run(mine, () -> {
            targets.set(Map.of(MetricDefinition.NRR, 120.0, MetricDefinition.ARR, 2_500_000.0), Map.of(), "ada",
                    "Ada");
            owners.set(List.of(new KpiOwners.Change(Kpi.NRR, true, "ann@board.example", ReviewCadence.WEEKLY, true,
                    null, null)), TODAY.minusDays(10), "ada", "Ada");
        });
        TenantContext.run(theirs, () -> {
            targets.set(Map.of(MetricDefinition.GRR, 90.0), Map.of(), "bob", "Bob");
            owners.set(List.of(new KpiOwners.Change(Kpi.GRR, true, "bea@other.example", ReviewCadence.MONTHLY, false,
                    null, null)), TODAY, "bob", "Bob");
        });

        KpiBoard.Board read = TenantContext.call(mine, () -> board.read(TODAY));

        assertEquals(TenantContext.call(mine, () -> targets.all()), read.targets());
        assertEquals(TenantContext.call(mine, () -> owners.all(TODAY)), read.owners());
        KpiTargets.Target nrr = read.targets().get(0);
        assertEquals(MetricDefinition.NRR, nrr.metric());
        assertEquals(120.0, nrr.target());
        assertTrue(nrr.custom());
        KpiTargets.Target grr = read.targets().get(1);
        assertEquals(95.0, grr.target(), "the default: the other tenant's 90 is theirs");
        assertFalse(grr.custom());
        assertEquals(2_500_000.0, read.targets().get(5).target());
        KpiOwners.Ownership owned = read.owners().stream().filter(o -> o.kpi() == Kpi.NRR).findFirst().orElseThrow();
        assertEquals("ann@board.example", owned.owner());
        assertEquals(ReviewCadence.WEEKLY, owned.cadence());
        assertEquals(TODAY.minusDays(10), owned.reviewedOn());
        assertTrue(owned.overdue(), "reviewed ten days ago, weekly");
        assertNull(read.owners().stream().filter(o -> o.kpi() == Kpi.GRR).findFirst().orElseThrow().owner(),
                "the other tenant's owner is theirs");
    }
}
