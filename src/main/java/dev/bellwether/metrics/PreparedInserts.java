package dev.bellwether.metrics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;

import org.eclipse.microprofile.context.ManagedExecutor;

import dev.bellwether.platform.sql.CopyRows;

/**
 * Inserts (or rows to copy) prepared on engine threads while the caller's connection runs the ones
 * already prepared, in the order they come: the database and the preparing overlap instead of taking
 * turns. A failure on any side fails the whole, and the caller's transaction rolls back.
 */
final class PreparedInserts {

    /** A statement ready to run on the caller's connection. */
    sealed interface Step permits Insert, Copy {
    }

    /** An insert ready to run: its SQL and parameters, arrays as {@link SqlArray}. */
    record Insert(String sql, List<Object> parameters) implements Step {
    }

    /** Rows ready to copy with {@code sql}, a {@code COPY … FROM STDIN}. */
    record Copy(String sql, CopyRows rows) implements Step {
    }

    /** An array parameter: the values and their SQL element type. */
    record SqlArray(String type, Object[] values) {
    }

    /** Prepares some of the steps (on an engine thread), handing each over as soon as it is ready. */
    @FunctionalInterface
    interface Preparer {
        void prepare(BlockingQueue<Step> into);
    }

    /** What the caller's connection does while the first inserts are being prepared. */
    @FunctionalInterface
    interface Meanwhile {
        void run() throws SQLException;
    }

    /** Ends one preparer's steps. */
    private static final Step END = new Insert("", List.of());

    private PreparedInserts() {
    }

    /** Starts {@code preparers} on {@code threads}, runs {@code meanwhile}, then every step as it comes. */
    static void run(ManagedExecutor threads, Connection connection, Meanwhile meanwhile, List<Preparer> preparers)
            throws SQLException {
        BlockingQueue<Step> inserts = new LinkedBlockingQueue<>();
        List<Future<?>> preparing = new ArrayList<>();
        for (Preparer preparer : preparers) {
            preparing.add(threads.submit(() -> {
                try {
                    preparer.prepare(inserts);
                } finally {
                    inserts.add(END); // also after a failure, which the caller then takes from the future
                }
                return null;
            }));
        }
        try {
            meanwhile.run();
            for (int ended = 0; ended < preparers.size();) {
                Step step = next(inserts);
                if (step == END) {
                    ended++;
                } else if (step instanceof Copy copy) {
                    copy.rows().copy(connection, copy.sql());
                } else {
                    run(connection, (Insert) step);
                }
            }
            for (Future<?> future : preparing) {
                EngineThreads.await(future, "saving the snapshots"); // rethrows what made it stop early
            }
        } finally {
            preparing.forEach(future -> future.cancel(true));
        }
    }

    /** The next prepared step, waiting for it. */
    private static Step next(BlockingQueue<Step> inserts) {
        try {
            return inserts.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while saving the snapshots", e);
        }
    }

    private static void run(Connection connection, Insert insert) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(insert.sql())) {
            for (int i = 0; i < insert.parameters().size(); i++) {
                Object value = insert.parameters().get(i);
                if (value instanceof SqlArray array) {
                    statement.setArray(i + 1, connection.createArrayOf(array.type(), array.values()));
                } else {
                    statement.setObject(i + 1, value);
                }
            }
            statement.executeUpdate();
        }
    }
}
