package dev.bellwether.ingest;

import java.io.IOException;

/** Where the reader hands the rows it accepted: a {@link StagingTable} or a {@link FirstLoad}. */
interface RowSink extends AutoCloseable {

    /** A row whose every cell passed: {@code values} in the kind's column order. */
    void accept(long line, String[] values) throws IOException;

    /**
     * A row that failed, with only its key's cells ({@code keyValues} in the kind's column order, the others
     * null), each of which was read: staged so that a later row repeating its key is reported in the same
     * answer, and for {@code accounts.csv} so that the other files' rows referring to it are not reported a
     * second time as unknown accounts.
     */
    void acceptInvalid(long line, String[] keyValues) throws IOException;

    /** After the last row. */
    default void finish() throws IOException {
    }

    /** Abandons what was not finished. */
    @Override
    default void close() {
    }
}
