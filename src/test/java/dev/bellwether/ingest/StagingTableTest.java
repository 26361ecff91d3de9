package dev.bellwether.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

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
 * A small file against many stored rows is written without comparing it when every row of it is new
 * (the table's key refuses the insert otherwise, and nothing of it stays); else it is compared through
 * the key. Either way the same rows end up stored, a repeated key is found, and the recalculation is
 * narrowed to the rows' accounts and earliest date. A whole file (a re-uploaded export) is compared in
 * one pass when its keys all hash differently, and in full when one may repeat.
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
    private long stored;

    @BeforeEach
    void sampleLoaded() {
        tenant = tenants.create("staging");
        recalculations.loadSample(tenant);
        data.single(tenant, "select bw_refresh_statistics()::text");
        latest5 = latest("ACC-00005");
        latest6 = latest("ACC-00006");
        stored = usageRows();
    }

    private LocalDate latest(String account) {
        return LocalDate.parse(data.single(tenant, "select max(day) from product_usage where account_id = '"
                + account + "'"));
    }

    private long usageRows() {
        return Long.parseLong(data.single(tenant, "select count(*) from product_usage"));
    }

    @Test
    void newRowsAreInsertedWithoutComparingThem() {
        Written written = write(
                row("ACC-00005", "u1", latest5.plusDays(1), "api", 3),
                row("ACC-00006", "u2", latest6.plusDays(2), "api", 4),
                row("ACC-00006", "u2", latest6.plusDays(3), "api", 5),
                row("ACC-00006", "u9", latest6.minusDays(40), "export", 1)); // new, though before the latest
        assertEquals(4, written.inserted());
        assertEquals(stored + 4, usageRows());
        assertEquals("5", data.single(tenant, "select events from product_usage where account_id = 'ACC-00006'"
                + " and user_id = 'u2' and day = '" + latest6.plusDays(3) + "'"));
        ChangedScope expected = new ChangedScope();
        expected.add(latest6.minusDays(40), List.of("ACC-00005", "ACC-00006"));
        assertEquals(expected.accounts(), written.scope().accounts());
        assertEquals(YearMonth.from(latest6.minusDays(40)), written.scope().from(Optional::empty).orElseThrow());
    }

    @Test
    void aStoredKeyLeavesNothingInsertedAndTheRowsAreCompared() {
        String storedRow = data.single(tenant, "select user_id || '|' || feature || '|' || events from product_usage"
                + " where account_id = 'ACC-00005' and day = '" + latest5 + "' order by user_id, feature limit 1");
        String[] s = storedRow.split("\\|");
        Written written = write(
                row("ACC-00006", "u2", latest6.plusDays(2), "api", 4),
                row("ACC-00005", "someone-new", latest5, "api", 2),
                row("ACC-00005", s[0], latest5, s[1], Integer.parseInt(s[2]))); // as stored, after two new rows
        assertEquals(-1, written.inserted());
        assertEquals(2, written.comparison().differing());
        assertEquals(1, written.comparison().identical());
        assertFalse(written.comparison().repeats());
        assertEquals(stored, usageRows(), "the refused insert left nothing behind");
    }

    @Test
    void aRepeatedKeyAmongNewRowsIsRefusedAndFound() {
        Written written = write(
                row("ACC-00005", "u1", latest5.plusDays(1), "api", 3),
                row("ACC-00005", "u1", latest5.plusDays(1), "api", 7));
        assertEquals(-1, written.inserted());
        assertTrue(written.comparison().repeats());
        assertFalse(written.comparison().unchanged());
        assertEquals(stored, usageRows());
    }

    @Test
    void aWholeFileWithAChangedAndANewRowIsComparedAndOnlyThoseAreWritten() {
        Reuploaded reuploaded = reupload(List.<String[]>of(row("ACC-00005", "someone-new", latest5, "api", 2)), 1);
        StagedComparison comparison = reuploaded.comparison();
        assertEquals(stored + 1, comparison.staged());
        assertEquals(2, comparison.differing());
        assertEquals(stored - 1, comparison.identical());
        assertFalse(comparison.repeats());
        assertEquals(new ImportRecord.Changes(1, 1), reuploaded.changes());
        assertEquals(stored + 1, usageRows());
        assertEquals("2", data.single(tenant, "select events from product_usage where user_id = 'someone-new'"));
    }

    @Test
    void aWholeFileAsStoredChangesNothing() {
        Reuploaded reuploaded = reupload(List.of(), 0);
        assertTrue(reuploaded.comparison().unchanged());
        assertEquals(stored, reuploaded.comparison().identical());
        assertEquals(stored, usageRows());
    }

    @Test
    void aWholeFileThatRepeatsAStoredRowIsFoundRepeating() {
        String[] first = data.single(tenant, "select account_id || '|' || user_id || '|' || day || '|' || feature"
                + " || '|' || events from product_usage order by 1 limit 1").split("\\|");
        Reuploaded reuploaded = reupload(List.<String[]>of(first), 0);
        assertTrue(reuploaded.comparison().repeats());
        assertFalse(reuploaded.comparison().unchanged());
        assertEquals(stored, usageRows());
    }

    /**
     * docs/imports.md lists problems by line and at least the first 1,000: the repeats listed are the
     * earliest repeating lines, not the repeats of the keys that first appear earliest.
     */
    @Test
    void theRepeatedKeysListedAreTheEarliestRepeatingLines() {
        List<Long> lines = TenantContext.call(tenant, () -> QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                StagingTable table = StagingTable.open(connection, ImportKind.USAGE, "usage.csv", true);
                String[] a = row("ACC-00005", "a", latest5, "api", 1);
                String[] b = row("ACC-00005", "b", latest5, "api", 1);
                String[] c = row("ACC-00005", "c", latest5, "api", 1);
                table.accept(2, a);
                table.accept(3, b);
                table.accept(4, b);
                table.accept(5, c);
                table.accept(6, c);
                // b's later repeats come after c's first: they must not crowd it out of the list
                table.accept(7, b);
                table.accept(8, b);
                table.accept(9, a);
                table.finish();
                ImportProblems problems = new ImportProblems(2);
                table.findDuplicates(connection, problems);
                assertEquals(5, problems.total());
                return problems.report().stream().map(ImportError::line).toList();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        assertEquals(List.of(4L, 6L), lines);
    }

    /** What {@link #reupload} found, and what it wrote when the file changed something and repeats no key. */
    private record Reuploaded(StagedComparison comparison, ImportRecord.Changes changes) {
    }

    /**
     * Stages every stored usage row, the first {@code changed} of them (in key order) with one more event,
     * then {@code extra}, as one usage file; compares it with the stored rows and applies what differs.
     */
    private Reuploaded reupload(List<String[]> extra, int changed) {
        return TenantContext.call(tenant, () -> QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                List<String[]> rows = new java.util.ArrayList<>();
                try (var statement = connection.createStatement(); var result = statement.executeQuery(
                        "select account_id, user_id, day, feature, events from product_usage"
                                + " order by account_id, day, user_id, feature")) {
                    while (result.next()) {
                        rows.add(row(result.getString(1), result.getString(2), result.getDate(3).toLocalDate(),
                                result.getString(4), result.getInt(5) + (rows.size() < changed ? 1 : 0)));
                    }
                }
                rows.addAll(extra);
                StagingTable table = StagingTable.open(connection, ImportKind.USAGE, "usage.csv", true);
                long line = 2;
                for (String[] row : rows) {
                    table.accept(line++, row);
                }
                table.finish();
                assertFalse(table.small(connection, tenant));
                StagedComparison comparison = table.compare(connection, tenant);
                ImportRecord.Changes changes = comparison.unchanged() || comparison.repeats() ? null
                        : table.apply(connection, tenant);
                return new Reuploaded(comparison, changes);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    /** What {@link #write} did: the rows inserted (-1: none) and the scope, else the comparison. */
    private record Written(long inserted, ChangedScope scope, StagedComparison comparison) {
    }

    private static String[] row(String account, String user, LocalDate day, String feature, int events) {
        return new String[] {account, user, day.toString(), feature, Integer.toString(events)};
    }

    /**
     * Stages {@code rows} as a usage file (lines 2, 3, …) and inserts them when all are new, else compares
     * them with the tenant's stored usage, in one committed transaction.
     */
    private Written write(String[]... rows) {
        return TenantContext.call(tenant, () -> QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                StagingTable table = StagingTable.open(connection, ImportKind.USAGE, "usage.csv", true);
                long line = 2;
                for (String[] row : List.of(rows)) {
                    table.accept(line++, row);
                }
                table.finish();
                assertTrue(table.small(connection, tenant));
                long inserted = table.insertIfAllNew(connection, tenant);
                if (inserted >= 0) {
                    ChangedScope scope = new ChangedScope();
                    table.addInsertedTo(connection, scope);
                    return new Written(inserted, scope, null);
                }
                return new Written(inserted, null, table.compare(connection, tenant));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }
}
