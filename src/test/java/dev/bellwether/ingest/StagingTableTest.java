package dev.bellwether.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A small file against many stored rows is compared through the key; when every row of it is dated
 * after the latest stored row of its account (next month's rows), they are known new without looking
 * for their stored rows. Both ways must find the same rows new, and a repeated key either way.
 */
@QuarkusTest
class StagingTableTest {

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Inject
    Recalculations recalculations;

    @Inject
    AgroalDataSource dataSource;

    private String tenant;
    private LocalDate latest5;
    private LocalDate latest6;

    @BeforeEach
    void sampleLoaded() {
        tenant = tenants.create("staging");
        recalculations.loadSample(tenant);
        data.single(tenant, "select bw_refresh_statistics()::text");
        latest5 = latest("ACC-00005");
        latest6 = latest("ACC-00006");
    }

    private LocalDate latest(String account) {
        return LocalDate.parse(data.single(tenant, "select max(day) from product_usage where account_id = '"
                + account + "'"));
    }

    @Test
    void rowsAfterTheirAccountsLatestAreNewWithoutLookingForThem() {
        StagedComparison comparison = compare(
                row("ACC-00005", "u1", latest5.plusDays(1), "api", 3),
                row("ACC-00006", "u2", latest6.plusDays(2), "api", 4),
                row("ACC-00006", "u2", latest6.plusDays(3), "api", 5),
                row("NEW-ACCOUNT", "u3", latest6.minusDays(40), "api", 1)); // no stored row at all
        assertTrue(comparison.afterStored());
        assertEquals(4, comparison.differing());
        assertEquals(0, comparison.identical());
        assertFalse(comparison.repeats());
    }

    @Test
    void aRowOnItsAccountsLatestDayIsLookedUp() {
        String stored = data.single(tenant, "select user_id || '|' || feature || '|' || events from product_usage"
                + " where account_id = 'ACC-00005' and day = '" + latest5 + "' order by user_id, feature limit 1");
        String[] s = stored.split("\\|");
        StagedComparison comparison = compare(
                row("ACC-00005", s[0], latest5, s[1], Integer.parseInt(s[2])), // as stored
                row("ACC-00005", "someone-new", latest5, "api", 2),
                row("ACC-00006", "u2", latest6.plusDays(2), "api", 4));
        assertFalse(comparison.afterStored());
        assertEquals(2, comparison.differing());
        assertEquals(1, comparison.identical());
        assertFalse(comparison.repeats());
    }

    @Test
    void aRepeatedKeyAmongNewRowsIsFound() {
        StagedComparison comparison = compare(
                row("ACC-00005", "u1", latest5.plusDays(1), "api", 3),
                row("ACC-00005", "u1", latest5.plusDays(1), "api", 7));
        assertTrue(comparison.afterStored());
        assertTrue(comparison.repeats());
        assertFalse(comparison.unchanged());
    }

    private static String[] row(String account, String user, LocalDate day, String feature, int events) {
        return new String[] {account, user, day.toString(), feature, Integer.toString(events)};
    }

    /** Stages {@code rows} as a usage file (lines 2, 3, …) and compares them with the tenant's stored usage. */
    private StagedComparison compare(String[]... rows) {
        return TenantContext.call(tenant, () -> QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                StagingTable table = StagingTable.open(connection, ImportKind.USAGE, "usage.csv");
                long line = 2;
                for (String[] row : List.of(rows)) {
                    table.accept(line++, row);
                }
                table.finish();
                return table.compare(connection, tenant);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }
}
