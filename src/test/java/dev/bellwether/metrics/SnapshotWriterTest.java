package dev.bellwether.metrics;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.context.api.NamedInstance;

/**
 * The writer prepares its inserts on a thread of its own, the explained scores in batches of
 * accounts, while the caller's thread runs them: batches of 7 of the sample's 60 accounts must
 * save exactly what one batch does, and a failure while preparing must fail the save (not hang it)
 * and leave the old snapshots whole.
 */
@QuarkusTest
@TestProfile(RecalculationQueueTest.NoWorker.class)
class SnapshotWriterTest {

    /** Every snapshot row of the tenant, in a stable order, as one text. */
    private static final String EVERYTHING = """
            select (select string_agg(account_id || '|' || month || '|' || active || '|' || mrr || '|'
                                      || coalesce(health::text, '-') || '|' || coalesce(band, '-') || '|'
                                      || coalesce(previous_health::text, '-') || '|' || detail::text,
                                         E'\\n' order by account_id)
                    from account_snapshot)
                   || (select string_agg(account_id || '|' || months::text || '|' || mrr::text || '|' || health::text
                                         || '|' || band::text || '|' || model_version, E'\\n' order by account_id)
                       from account_history)
                   || (select string_agg(month || '|' || scope || '|' || scope_key || '|' || metrics::text, E'\\n'
                                         order by month, scope, scope_key)
                       from metric_snapshot)""";

    @Inject
    RecalculationQueue queue;

    @Inject
    RecalculationService service;

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Inject
    Recalculations recalculations;

    @Inject
    ObjectMapper json;

    @Inject
    @NamedInstance(EngineThreads.NAME)
    ManagedExecutor engineThreads;

    @Test
    void batchesOfAccountsSaveWhatOneBatchSaves() {
        String tenant = tenants.create("batches");
        upload(FakeKeycloak.accessToken("ada", tenant, "admin"), SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculate(tenant);
        String whole = data.single(tenant, EVERYTHING);
        assertEquals("60", data.single(tenant, "select count(*) from account_snapshot"));

        SnapshotWriter batched = new SnapshotWriter();
        batched.json = json;
        batched.encoders = engineThreads;
        batched.accountBatch = 7;
        QuarkusMock.installMockForType(batched, SnapshotWriter.class);
        recalculations.request(tenant);
        recalculate(tenant);

        assertEquals(whole, data.single(tenant, EVERYTHING), "nine batches of at most 7 accounts, the same rows");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFailureWhilePreparingFailsTheSaveAndKeepsTheOldSnapshots() {
        String tenant = tenants.create("prepare-fails");
        upload(FakeKeycloak.accessToken("ada", tenant, "admin"), SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculate(tenant);
        String before = data.single(tenant, EVERYTHING);

        SnapshotWriter failing = new SnapshotWriter();
        failing.encoders = engineThreads;
        failing.accountBatch = 7;
        failing.json = new ObjectMapper() {
            private int details;

            @Override
            public String writeValueAsString(Object value) throws JsonProcessingException {
                if (value instanceof AccountDetail.Stored && ++details == 20) { // in the third batch
                    throw new JsonMappingException(null, "cannot write this one");
                }
                return json.writeValueAsString(value);
            }
        };
        QuarkusMock.installMockForType(failing, SnapshotWriter.class);
        recalculations.request(tenant);
        RecalculationQueue.Claim claim = TenantContext.call(tenant, () -> queue.claim(tenant).orElseThrow());

        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> TenantContext.run(tenant, () -> service.run(tenant, claim)));
        assertTrue(rootMessage(failure).contains("cannot write this one"), rootMessage(failure));
        assertEquals(before, data.single(tenant, EVERYTHING), "the old snapshots, whole");
    }

    private void recalculate(String tenant) {
        TenantContext.run(tenant, () -> service.run(tenant, queue.claim(tenant).orElseThrow()));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
