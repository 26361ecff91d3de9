package dev.bellwether.ingest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Marks imports that lost their process (crash, kill -9, a replica that went away) as failed, at
 * start-up and every half minute. Their data was never committed, so nothing else needs undoing.
 * The test of "lost" is in the database ({@code bw_fail_orphaned_imports}): a processing import
 * whose tenant's import lock is free.
 */
@ApplicationScoped
public class ImportJanitor {

    private static final Logger LOG = Logger.getLogger(ImportJanitor.class);

    @Inject
    AgroalDataSource dataSource;

    void onStart(@Observes StartupEvent event) {
        failOrphanedImports();
    }

    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void failOrphanedImports() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select bw_fail_orphaned_imports()")) {
            result.next();
            int failed = result.getInt(1);
            if (failed > 0) {
                LOG.warnf("Marked %d interrupted import(s) as failed; none of their data was written", failed);
            }
        } catch (SQLException e) {
            LOG.warn("Could not look for interrupted imports", e);
        }
    }
}
