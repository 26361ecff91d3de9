package dev.bellwether.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.metrics.calc.TenantMetrics;

/**
 * The metrics' JSON is the one the positional record wrote: stored snapshots written before the
 * metrics were defined once read back to the same figures and write out byte for byte the same.
 */
class TenantMetricsJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(TenantMetricsJson.module());

    /** As the former record {@code TenantMetrics(String month, double startingMrr, …)} wrote it. */
    static final String STORED = "{\"month\":\"2026-03\",\"startingMrr\":100000.0,\"newMrr\":2500.5,"
            + "\"reactivationMrr\":0.0,\"expansionMrr\":8000.0,\"contractionMrr\":1500.0,\"churnedMrr\":2000.0,"
            + "\"endingMrr\":107000.5,\"arr\":1284006.0,\"grr\":96.5,\"nrr\":104.5,\"revenueChurnRate\":3.5,"
            + "\"expansionRate\":8.0,\"customersAtStart\":100,\"activeAccounts\":101,\"logoChurnRate\":3.0,"
            + "\"logoRetention\":97.0,\"upsellRate\":12.0,\"arpa\":1059.4108910891089,\"clv\":35313.69636963696,"
            + "\"t12Nrr\":null,\"t12Grr\":null,\"nps\":30.0,\"csat\":81.81818181818183,\"ces\":4.75,"
            + "\"percentHealthy\":64.15094339622641,\"healthyAccounts\":34,\"needsAttentionAccounts\":12,"
            + "\"atRiskAccounts\":7,\"unscoredAccounts\":2,\"contactRate\":75.47169811320755,\"overdueQbrs\":3,"
            + "\"unansweredTickets\":0,\"timeToResolutionHours\":null,\"fcr\":null,\"ttfvDays\":21.5,"
            + "\"activationRate\":80.0,\"renewalRate\":null,\"expansionPipeline\":12000.0}";

    @Test
    void aSnapshotStoredBeforeReadsBackAndWritesOutTheSameBytes() throws JsonProcessingException {
        TenantMetrics metrics = JSON.readValue(STORED, TenantMetrics.class);
        assertEquals(STORED, JSON.writeValueAsString(metrics));
        assertEquals(100_000.0, metrics.amount(MetricDefinition.STARTING_MRR));
        assertEquals(101, metrics.count(MetricDefinition.ACTIVE_ACCOUNTS));
        assertEquals(1059.4108910891089, metrics.get(MetricDefinition.ARPA));
        assertNull(metrics.get(MetricDefinition.T12_NRR));
        assertEquals(STORED, JSON.writeValueAsString(JSON.readValue(STORED, TenantMetrics.class)));
    }

    @Test
    void listsAndTheMapFormWriteTheSameFields() throws JsonProcessingException {
        List<TenantMetrics> two = JSON.readValue("[" + STORED + "," + STORED + "]", new TypeReference<>() {
        });
        assertEquals("[" + STORED + "," + STORED + "]", JSON.writeValueAsString(two));
        assertEquals(STORED, new ObjectMapper().writeValueAsString(two.get(0).asMap()));
        // the app's mapper refuses what follows a body's value: a list's next item is not that
        ObjectMapper app = new ObjectMapper().registerModule(TenantMetricsJson.module())
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        assertEquals(two, app.readValue("[" + STORED + "," + STORED + "]", new TypeReference<List<TenantMetrics>>() {
        }));
    }

    @Test
    void anUnknownKeyFailsLoudly() {
        String typo = STORED.replace("\"nrr\"", "\"nnr\"");
        assertThrows(JsonProcessingException.class, () -> JSON.readValue(typo, TenantMetrics.class));
    }

    @Test
    void aFigureStoredBeforeItExistedReadsAsUndefined() throws JsonProcessingException {
        String older = STORED.replace(",\"healthyAccounts\":34", "");
        TenantMetrics metrics = JSON.readValue(older, TenantMetrics.class);
        assertNull(metrics.get(MetricDefinition.HEALTHY_ACCOUNTS));
        assertEquals(12, metrics.count(MetricDefinition.NEEDS_ATTENTION_ACCOUNTS));
    }
}
