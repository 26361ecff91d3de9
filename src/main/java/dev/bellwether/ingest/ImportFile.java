package dev.bellwether.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * One CSV of an import, whatever carried it (a multipart part, a zip entry, a request body).
 *
 * @param name  the name errors refer to ({@code mrr.csv}, or {@code all.zip/mrr.csv} for a zip entry)
 * @param kind  what it holds
 * @param bytes its size when known in advance, else -1 (progress then counts rows only)
 * @param data  opens its content
 * @param rereadable whether {@code data} may be opened a second time (files on disk and zip
 *                   entries; not a request body that streams in)
 */
public record ImportFile(String name, ImportKind kind, long bytes, Opener data, boolean rereadable) {

    /** Opens a file's content. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * Thrown while reading a file whose content cannot be read through a fault of the upload, not ours
     * (a zip entry whose compressed data is damaged): {@link #problem()} is the import's problem to report.
     */
    public static final class Unreadable extends IOException {

        private final transient ImportError problem;

        public Unreadable(ImportError problem, Throwable cause) {
            super(problem.message(), cause);
            this.problem = problem;
        }

        public ImportError problem() {
            return problem;
        }
    }
}
