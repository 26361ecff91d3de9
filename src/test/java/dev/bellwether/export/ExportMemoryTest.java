package dev.bellwether.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import dev.bellwether.platform.sql.Sql;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A 10,000-account organisation exports without the export holding its data: the heap still in use
 * (after a full collection) three times between half and two thirds through the usage file (the least
 * of the three, so that something else the JVM holds for a moment does not count) is within a few MB
 * of what it was before the export began, while the files run to tens of MB (240,000 MRR and 240,000
 * usage rows). The size is set with {@code -Dbellwether.export.accounts} and
 * {@code -Dbellwether.export.usage-rows} (rows per account and month); docs/benchmarks.md has the run
 * with the import benchmark's size under {@code -Xmx256m}.
 */
@QuarkusTest
class ExportMemoryTest {

    private static final Logger LOG = Logger.getLogger(ExportMemoryTest.class);
    static final int ACCOUNTS = Integer.getInteger("bellwether.export.accounts", 10_000);
    static final int MONTHS = 24;
    static final int USAGE_ROWS = Integer.getInteger("bellwether.export.usage-rows", 1);
    static final long MB = 1024 * 1024;

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/api/v1/export")
    URL export;

    @Test
    void aTenThousandAccountOrganisationExportsInBoundedMemory() throws Exception {
        String tenant = tenants.create("export-big");
        fill(tenant);
        long before = heapAfterCollection();
        long started = System.nanoTime();

        HttpRequest request = HttpRequest.newBuilder(URI.create(export.toString()))
                .header("Authorization", "Bearer " + FakeKeycloak.accessToken("ada", tenant, "admin")).build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        // streamed as it is written: a zip built whole in memory first would know its length (at this size, a few
        // MB, under the heap bound below)
        assertTrue(response.headers().firstValue("Content-Length").isEmpty(), response.headers().toString());
        Map<String, Long> lines = new LinkedHashMap<>();
        long csvBytes = 0;
        long usage = (long) ACCOUNTS * MONTHS * USAGE_ROWS;
        long during = 0; // the least of three samples: the export's own data would be in each one
        int samples = 0;
        long zipBytes;
        try (CountingStream counted = new CountingStream(response.body());
                ZipInputStream zip = new ZipInputStream(counted)) {
            byte[] buffer = new byte[64 * 1024];
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                long count = 0;
                long bytes = 0;
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    for (int i = 0; i < n; i++) {
                        count += buffer[i] == '\n' ? 1 : 0;
                    }
                    bytes += n;
                    if (entry.getName().equals("usage.csv") && samples < 3 && count > usage * (samples + 6) / 12) {
                        // the server is mid-way through the usage rows: at 6/12, 7/12 and 8/12 of them
                        long heap = heapAfterCollection();
                        during = samples++ == 0 ? heap : Math.min(during, heap);
                    }
                }
                lines.put(entry.getName(), count);
                csvBytes += bytes;
            }
            zipBytes = counted.count;
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertEquals(ACCOUNTS + 1, lines.get("accounts.csv"));
        assertEquals(ACCOUNTS * MONTHS + 1L, lines.get("mrr.csv"));
        assertEquals(usage + 1, lines.get("usage.csv"));
        assertEquals(ACCOUNTS + 1, lines.get("tickets.csv"));
        assertEquals(3, samples, "usage.csv was read past two thirds");
        long retained = during - before;
        LOG.infof("EXPORT-MEASURE accounts=%d usageRows=%d csv=%d MB zip=%d MB in %.1f s; heap after a full GC"
                + " before %d MB, mid-export %d MB (retained %+d MB); max heap %d MB", ACCOUNTS, usage,
                csvBytes / MB, zipBytes / MB, seconds, before / MB, during / MB, retained / MB,
                Runtime.getRuntime().maxMemory() / MB);
        assertTrue(retained < 24 * MB, "the export held " + retained / MB + " MB mid-way through "
                + csvBytes / MB + " MB of CSV");
    }

    /**
     * {@link #ACCOUNTS} accounts with 24 months of MRR, {@link #USAGE_ROWS} usage rows per account and
     * month, and a ticket each, written set-based as the tenant (the fact tables as first loads, as an
     * import writes them), without an import or a recalculation.
     */
    private void fill(String tenant) throws SQLException {
        TenantContext.run(tenant, () -> {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                Sql.update(connection, """
                        insert into account (tenant_id, account_id, name, segment, industry, plan, csm_email,
                                             customer_since, licensed_seats)
                        select ?, 'ACC-' || lpad(i::text, 6, '0'), 'Account ' || i,
                               (array['SMB', 'Mid-Market', 'Enterprise'])[1 + i % 3], 'Retail', 'Growth',
                               'csm' || (i % 20) || '@example.com', date '2023-01-01' + i % 600, 10 + i % 50
                        from generate_series(1, ?) i""", tenant, ACCOUNTS);
                String mrr = partition(connection, "mrr");
                Sql.update(connection, "insert into " + mrr + """
                         (tenant_id, account_id, month, mrr)
                        select ?, 'ACC-' || lpad(i::text, 6, '0'),
                               (date '2024-11-01' + make_interval(months => m))::date, 100 + i % 900 + 0.25
                        from generate_series(1, ?) i, generate_series(0, 23) m""", tenant, ACCOUNTS);
                String usage = partition(connection, "product_usage");
                Sql.update(connection, "insert into " + usage + """
                         (tenant_id, account_id, day, user_id, feature, events)
                        select ?, 'ACC-' || lpad(i::text, 6, '0'),
                               (date '2024-11-01' + make_interval(months => m))::date + u, 'user-' || (i * 7 + u) % 97,
                               'feature-' || u % 5, 1 + (i + u) % 30
                        from generate_series(1, ?) i, generate_series(0, 23) m, generate_series(1, ?) u""",
                        tenant, ACCOUNTS, USAGE_ROWS);
                String ticket = partition(connection, "ticket");
                Sql.update(connection, "insert into " + ticket + """
                         (tenant_id, ticket_id, account_id, opened_at, priority, resolved_on_first_contact)
                        select ?, 'T-' || i, 'ACC-' || lpad(i::text, 6, '0'),
                               timestamptz '2026-01-01 09:00Z' + make_interval(mins => i), 'high', i % 2 = 0
                        from generate_series(1, ?) i""", tenant, ACCOUNTS);
                for (String table : new String[] { "mrr", "product_usage", "ticket" }) {
                    Sql.execute(connection, "select bw_attach_partition(?)", table);
                }
                connection.commit();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals((long) ACCOUNTS * MONTHS * USAGE_ROWS, data.count(tenant, "product_usage"));
    }

    private static String partition(Connection connection, String table) {
        return Sql.one(connection, "select bw_open_partition(?) as partition", row -> row.string("partition"),
                table);
    }

    private static long heapAfterCollection() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Counts the bytes read through it (the zip's compressed size). */
    private static final class CountingStream extends java.io.FilterInputStream {

        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int n = super.read(bytes, offset, length);
            count += Math.max(n, 0);
            return n;
        }
    }
}
