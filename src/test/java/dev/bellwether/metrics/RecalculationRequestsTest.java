package dev.bellwether.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.platform.RecalculationRequested;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.ImportClient;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A change asks for a recalculation by firing {@link RecalculationRequested} in its transaction: the
 * request exists exactly when the change commits, and a committed request wakes the worker through
 * PostgreSQL's NOTIFY even when nothing in this instance calls it (the poll is set to once an hour
 * here, so only the notification can explain a prompt run).
 */
@QuarkusTest
@TestProfile(RecalculationRequestsTest.HourlyPoll.class)
class RecalculationRequestsTest {

    public static class HourlyPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bellwether.recalculation.poll", "1h");
        }
    }

    @Inject
    Event<RecalculationRequested> requests;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Test
    void aRequestIsRecordedInThePublishersTransactionAndRunsAfterItCommits() {
        String tenant = tenants.create("event");
        RecalculationRequested requested = new RecalculationRequested(tenant, "test");
        TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> requests.fire(requested)));
        assertEquals("test",
                data.single(tenant, "select reason from recalculation where id = " + requested.requestId()));
        awaitStatus(tenant, requested.requestId(), "done");
    }

    @Test
    void aRolledBackChangeLeavesNoRequest() {
        String tenant = tenants.create("rollback");
        assertThrows(IllegalStateException.class, () -> TenantContext.run(tenant,
                () -> QuarkusTransaction.requiringNew().run(() -> {
                    requests.fire(new RecalculationRequested(tenant, "test"));
                    throw new IllegalStateException("the change fails after asking");
                })));
        assertEquals("0", data.single(tenant, "select count(*) from recalculation"));
    }

    @Test
    void aRequestCommittedByAnotherInstanceIsPickedUpThroughItsNotification() throws SQLException {
        String tenant = tenants.create("notify");
        long id = TenantContext.call(tenant, () -> QuarkusTransaction.requiringNew().call(() -> {
            // what another app instance does: insert and notify, without touching this instance's worker
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement insert = connection.prepareStatement(
                            "insert into recalculation (tenant_id, reason) values (?, 'elsewhere') returning id");
                    PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
                insert.setString(1, tenant);
                var rows = insert.executeQuery();
                rows.next();
                notify.setString(1, RecalculationQueue.CHANNEL);
                notify.setString(2, tenant);
                notify.execute();
                return rows.getLong("id");
            }
        }));
        awaitStatus(tenant, id, "done");
    }

    @Test
    void aLargeImportsStatisticsAreRefreshedOnlyOnceItsRecalculationIsDone() {
        String tenant = tenants.create("statistics");
        // the sample changes more than 10,000 rows: a large import
        ImportClient.upload(FakeKeycloak.accessToken("ada", tenant, "admin"), ImportClient.sampleFiles()).then()
                .statusCode(201);
        long id = Long.parseLong(data.single(tenant, "select max(id) from recalculation"));
        awaitStatus(tenant, id, "done");
        String analyzed = "pg_stat_get_last_analyze_time(to_regclass(quote_ident(bw_partition_name('product_usage', '"
                + tenant + "'))))";
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (data.single(tenant, "select " + analyzed + " is null").equals("t") && Instant.now().isBefore(deadline)) {
            pause();
        }
        // finished_at is the start of the transaction that saved the figures: the refresh began after it
        assertEquals("t", data.single(tenant, "select " + analyzed + " > finished_at from recalculation where id = "
                + id), "the usage partition was analyzed after the recalculation, not alongside it");
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitStatus(String tenant, long id, String expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String status = null;
        while (Instant.now().isBefore(deadline)) {
            status = data.single(tenant, "select status from recalculation where id = " + id);
            if (expected.equals(status)) {
                return;
            }
            pause();
        }
        assertEquals(expected, status, "recalculation " + id + " of " + tenant);
    }
}
