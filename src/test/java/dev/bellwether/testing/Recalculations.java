package dev.bellwether.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.metrics.RecalculationQueue;
import dev.bellwether.tenant.TenantContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Asks for a tenant's recalculations and waits for the background worker to finish them. */
@ApplicationScoped
public class Recalculations {

    @Inject
    TenantData data;

    @Inject
    RecalculationQueue queue;

    @Inject
    AgroalDataSource dataSource;

    /** Blocks until the tenant has no pending or running recalculation, and its latest one is done. */
    public void awaitIdle(String tenant) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String state;
        do {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            state = data.single(tenant, "select coalesce((select count(*) from recalculation"
                    + " where status in ('pending', 'running'))"
                    + " || ':' || (select status from recalculation order by id desc limit 1), 'none')");
        } while (!state.equals("0:done") && Instant.now().isBefore(deadline));
        assertEquals("0:done", state, "recalculations of " + tenant);
    }

    /** Asks for a full recalculation of {@code tenant}, as a data change would; the worker, or a test, runs it. */
    public void request(String tenant) {
        TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection()) {
                queue.request(connection, tenant, "test");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    private static final java.util.Set<String> SAMPLED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Loads the contract's sample into {@code tenant} through the API (once per test JVM) and waits
     * for its recalculation: a tenant whose figures are expected.json's.
     */
    public void loadSample(String tenant) {
        synchronized (SAMPLED) {
            if (SAMPLED.contains(tenant)) {
                return;
            }
            ImportClient.upload(FakeKeycloak.accessToken("ada", tenant, "admin"),
                    ImportClient.SAMPLE.resolve("all.zip"))
                    .then().statusCode(201);
            awaitIdle(tenant);
            SAMPLED.add(tenant);
        }
    }
}
