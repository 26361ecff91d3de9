package dev.bellwether.ingest;

import java.io.IOException;

/** Where the reader hands the rows it accepted: a {@link StagingTable} or a {@link FirstLoad}. */
interface RowSink extends AutoCloseable {

    /** A row whose every cell passed: {@code values} in the kind's column order. */
    void accept(long line, String[] values) throws IOException;

    /**
     * A row of {@code accounts.csv} that failed, staged with only its account id so that the
     * other files' rows referring to it are not reported a second time as unknown accounts.
     */
    void acceptInvalidAccount(long line, String accountId) throws IOException;

    /** After the last row. */
    default void finish() throws IOException {
    }

    /** Abandons what was not finished. */
    @Override
    default void close() {
    }
}
