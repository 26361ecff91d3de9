package dev.bellwether.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.SqlException;
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
    Database database;

    void onStart(@Observes StartupEvent event) {
        failOrphanedImports();
    }

    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void failOrphanedImports() {
        try {
            int failed = database.one("select bw_fail_orphaned_imports() as failed", row -> row.integer("failed"));
            if (failed > 0) {
                LOG.warnf("Marked %d interrupted import(s) as failed; none of their data was written", failed);
            }
        } catch (SqlException e) {
            LOG.warn("Could not look for interrupted imports", e);
        }
    }
}
