package dev.bellwether.metrics;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.upload;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.metrics.calc.MetricsEngine;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.context.api.NamedInstance;

/**
 * The recalculation queue's promises, driven by hand (the background worker is off in this
 * profile): requests coalesce, runs of a tenant never overlap, a dead run is taken over, a
 * failure leaves the old snapshots whole, is visible with its reason, and is retried.
 */
@QuarkusTest
@TestProfile(RecalculationQueueTest.NoWorker.class)
class RecalculationQueueTest {

    public static class NoWorker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bellwether.recalculation.enabled", "false");
        }
    }

    @Inject
    RecalculationQueue queue;

    @Inject
    RecalculationService service;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TestTenants tenants;

    @Inject
    ObjectMapper json;

    @Inject
    @NamedInstance(EngineThreads.NAME)
    ManagedExecutor engineThreads;

    @Inject
    TenantData data;

    @AfterEach
    void realWriter() {
        QuarkusMock.installMockForType(new SnapshotWriter(), SnapshotWriter.class);
    }

    @Test
    void requestsWhilePendingCoalesceAndRunsOfATenantNeverOverlap() {
        String tenant = tenants.create("queue");
        TenantContext.run(tenant, () -> {
            long first = request(tenant);
            assertEquals(first, request(tenant), "a request while one is pending joins it");
            RecalculationQueue.Claim claim = queue.claim(tenant).orElseThrow();
            assertEquals(first, claim.id());
            long next = request(tenant);
            assertNotEquals(first, next, "a request during a run waits as a new pending one");
            assertEquals(Optional.empty(), queue.claim(tenant), "no second run while one is alive");
            service.run(tenant, claim);
            assertEquals("done", status(tenant, first));
            assertEquals(next, queue.claim(tenant).orElseThrow().id());
        });
    }

    @Test
    void aRunWhoseWorkerDiedIsTakenOver() {
        String tenant = tenants.create("stale");
        TenantContext.run(tenant, () -> {
            long first = request(tenant);
            queue.claim(tenant).orElseThrow();
            sql(tenant, "update recalculation set heartbeat_at = now() - interval '10 seconds' where id = " + first);
            assertEquals(Optional.empty(), queue.claim(tenant), "a lease renewed 10 s ago is still alive");
            sql(tenant, "update recalculation set heartbeat_at = now() - interval '16 seconds' where id = " + first);
            assertTrue(queue.tenantsWithWork().contains(tenant), "a lapsed lease (15 s) is work for any worker");
            // taken over at once, as a failed attempt: its attempts are counted
            RecalculationQueue.Claim retry = queue.claim(tenant).orElseThrow();
            assertEquals("failed", status(tenant, first));
            assertEquals("The server running it stopped; it is being run again.",
                    data.single(tenant, "select error from recalculation where id = " + first));
            assertNotEquals(first, retry.id());
            assertEquals(2, retry.attempt());
            // a run that kills its server at every attempt is given up after the last one, not retried forever
            sql(tenant, "update recalculation set attempts = " + RecalculationQueue.MAX_ATTEMPTS
                    + ", heartbeat_at = now() - interval '16 seconds' where id = " + retry.id());
            assertEquals(Optional.empty(), queue.claim(tenant));
            assertEquals("failed", status(tenant, retry.id()));
            assertEquals("0", data.single(tenant, "select count(*) from recalculation where status = 'pending'"));
            assertEquals("The server running it stopped, 3 times: it is not run again. The next change recalculates"
                    + " again.", data.single(tenant, "select error from recalculation where id = " + retry.id()),
                    "no word of a retry that will not come");
        });
    }

    @Test
    void aRunThatStalledPastItsLeaseSavesNothingOnceTakenOver() {
        String tenant = tenants.create("lapsed");
        upload(FakeKeycloak.accessToken("ada", tenant, "admin"), SAMPLE.resolve("all.zip")).then().statusCode(201);
        TenantContext.run(tenant, () -> {
            RecalculationQueue.Claim stalled = queue.claim(tenant).orElseThrow();
            // it stalls (a long pause) past its lease; another server marks it failed and will run it again
            sql(tenant, "update recalculation set heartbeat_at = now() - interval '16 seconds' where id = "
                    + stalled.id());
            RecalculationQueue.Claim other = queue.claim(tenant).orElseThrow();
            assertNotEquals(stalled.id(), other.id());
            assertThrows(RecalculationQueue.LeaseLost.class, () -> service.run(tenant, stalled));
            assertEquals("failed", status(tenant, stalled.id()));
            // a failure of its own reported after the take-over changes neither its row nor the queue
            String before = data.single(tenant, "select string_agg(id || status || coalesce(error, ''), ','"
                    + " order by id) from recalculation");
            queue.fail(tenant, stalled, "a unique key clashed with the other server's save");
            assertEquals(before, data.single(tenant, "select string_agg(id || status || coalesce(error, ''), ','"
                    + " order by id) from recalculation"));
        });
        assertEquals("0", data.single(tenant, "select count(*) from tenant_snapshot"), "nothing of it was saved");
        assertEquals("running", data.single(tenant, "select string_agg(status, ',') from recalculation"
                + " where id > (select min(id) from recalculation)"), "the other server's run goes on");
    }

    @Test
    void aHeartbeatRenewsTheLeaseOfARunningRequestOnly() {
        String tenant = tenants.create("beat");
        TenantContext.run(tenant, () -> {
            long id = request(tenant);
            queue.heartbeat(id);
            assertEquals("", data.single(tenant, "select coalesce(heartbeat_at::text, '') from recalculation"),
                    "a pending request has no lease to renew");
            queue.claim(tenant).orElseThrow();
            sql(tenant, "update recalculation set heartbeat_at = now() - interval '1 hour' where id = " + id);
            queue.heartbeat(id);
            assertEquals("true", data.single(tenant,
                    "select (heartbeat_at > now() - interval '5 seconds')::text from recalculation where id = " + id));
        });
    }

    @Test
    void aFailedRunLeavesTheOldSnapshotsWholeShowsWhyAndIsRetried() throws Exception {
        String tenant = tenants.create("fail");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        upload(token, SAMPLE.resolve("all.zip")).then().statusCode(201);
        TenantContext.run(tenant, () -> service.run(tenant, queue.claim(tenant).orElseThrow()));
        String before = given().auth().oauth2(token).get("/api/v1/metrics").then().statusCode(200).extract().asString();
        AtomicBoolean written = new AtomicBoolean();
        String historyBefore = data.single(tenant, "select sum(cardinality(months)) from account_history");

        SnapshotWriter failing = new SnapshotWriter() {
            @Override
            public void write(Connection connection, String t, MetricsEngine.Result result, int version, long id)
                    throws SQLException {
                super.write(connection, t, result, version, id); // the new rows are written…
                written.set(true);
                throw new SQLException("disk full");             // …and then the transaction fails
            }

            @Override
            public void writeChanges(Connection connection, String t, MetricsEngine.Result result,
                    MetricsEngine.Result previous, int version, long id) throws SQLException {
                // an incremental run writes only what changed; it must fail the same way
                super.writeChanges(connection, t, result, previous, version, id);
                written.set(true);
                throw new SQLException("disk full");
            }
        };
        failing.json = json;
        failing.encoders = engineThreads;
        QuarkusMock.installMockForType(failing, SnapshotWriter.class);
        // a full recalculation (uploading the same files again would change nothing and ask for none)
        TenantContext.run(tenant, () -> request(tenant));
        RecalculationQueue.Claim claim = TenantContext.call(tenant, () -> queue.claim(tenant).orElseThrow());
        assertThrows(RuntimeException.class, () -> TenantContext.run(tenant, () -> service.run(tenant, claim)));
        assertTrue(written.get(), "the failure came after the new snapshots were written");
        TenantContext.run(tenant, () -> queue.fail(tenant, claim, "disk full"));

        assertEquals(before, given().auth().oauth2(token).get("/api/v1/metrics").then().extract().asString(),
                "the old figures are still served, whole");
        assertEquals(historyBefore, data.single(tenant, "select sum(cardinality(months)) from account_history"));
        assertEquals("failed|disk full",
                data.single(tenant, "select status || '|' || error from recalculation where id = " + claim.id()));
        assertTrue(Boolean.parseBoolean(data.single(tenant,
                "select (count(*) = 1)::text from recalculation"
                        + " where status = 'pending' and reason = 'retry' and run_after > now()")),
                "a retry is pending, after a delay");
    }

    @Test
    void afterTheLastAttemptNoRetryIsRequested() {
        String tenant = tenants.create("give-up");
        TenantContext.run(tenant, () -> {
            request(tenant);
            RecalculationQueue.Claim claim = queue.claim(tenant).orElseThrow();
            queue.fail(tenant, new RecalculationQueue.Claim(claim.id(), RecalculationQueue.MAX_ATTEMPTS),
                    "still broken");
        });
        assertEquals("0", data.single(tenant, "select count(*) from recalculation where status = 'pending'"));
    }

    @Test
    void aChangeJoiningADelayedRetryRunsNowWithAllItsAttempts() {
        String tenant = tenants.create("join-retry");
        TenantContext.run(tenant, () -> {
            request(tenant);
            RecalculationQueue.Claim claim = queue.claim(tenant).orElseThrow();
            queue.fail(tenant, new RecalculationQueue.Claim(claim.id(), 2), "flaky");
            assertEquals("2|true", data.single(tenant, "select attempts || '|' || (run_after > now())"
                    + " from recalculation where status = 'pending'"));
            request(tenant); // an import commits
            assertEquals(1, queue.claim(tenant).orElseThrow().attempt());
        });
    }

    private long request(String tenant) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return queue.request(connection, tenant, "test");
            }
        });
    }

    private String status(String tenant, long id) {
        return data.single(tenant, "select status from recalculation where id = " + id);
    }

    private void sql(String tenant, String statement) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection()) {
                connection.createStatement().execute(statement);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
