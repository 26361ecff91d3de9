package dev.bellwether.metrics;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import dev.bellwether.platform.RecalculationRequested;
import dev.bellwether.platform.sql.SqlException;
import io.agroal.api.AgroalDataSource;

/**
 * Temporary bridge until the lead's observer lands (in metrics/RecalculationQueue): records a
 * {@link RecalculationRequested} in the publisher's transaction (inside a JTA transaction the data
 * source answers the transaction's own connection) and wakes the worker once it has committed.
 * The lead deletes this class at merge.
 */
@ApplicationScoped
public class RecalculationRequestedBridge {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RecalculationQueue queue;

    @Inject
    RecalculationWorker worker;

    void on(@Observes RecalculationRequested event) {
        try (Connection connection = dataSource.getConnection()) {
            event.recorded(queue.request(connection, event.tenant(), event.reason()));
        } catch (SQLException e) {
            throw new SqlException("Could not request a recalculation", e);
        }
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) RecalculationRequested event) {
        if (event.largeImport()) {
            worker.wakeAfterLargeImport(event.tenant());
        } else {
            worker.wake();
        }
    }
}
