package dev.bellwether.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.metrics.Snapshots;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The executive page when a recalculation moves the data's months between the request's read of the figures'
 * status and its read of the figures: the page of the months as they are now, not a 500.
 */
@QuarkusTest
class ExecutiveMonthsMovedTest {

    @Inject
    TestTenants tenants;

    @Inject
    Recalculations recalculations;

    @Inject
    Dashboards dashboards;

    @Test
    void aStatusWhoseMonthsHaveNoFiguresIsReadAgain() {
        String tenant = tenants.create("months-moved");
        recalculations.loadSample(tenant);
        // the status as a request read it just before a recalculation moved every month
        Snapshots.Status stale = new Snapshots.Status(YearMonth.of(2099, 1), YearMonth.of(2099, 1), Instant.EPOCH, 0);
        Optional<ExecutiveView> view = TenantContext.call(tenant,
                () -> dashboards.executive(Optional.of(stale), null, "USD", KpiTargets.of(Map.of())));
        assertTrue(view.isPresent());
        assertEquals(YearMonth.of(2026, 10), view.get().month(), "the sample's reporting month");
    }
}
