package dev.bellwether.ingest;

import dev.bellwether.web.Formats;

/** A file of an import is larger than the configured limit: answered with 413, nothing written. */
public class ImportTooLargeException extends RuntimeException {

    private final String file;

    public ImportTooLargeException(String file, long limitBytes) {
        super(file + " is larger than the limit of " + Formats.limit(limitBytes)
                + " per file. Split it (e.g. by month) and upload the parts one after the other.");
        this.file = file;
    }

    /** A zip entry that expands far beyond what CSV compresses to: refused before it is read out. */
    public static ImportTooLargeException zipBomb(String file, int ratio) {
        return new ImportTooLargeException(file, file + " expands more than " + ratio
                + " times its compressed size, which CSV data never does. It was not read any further.");
    }

    private ImportTooLargeException(String file, String message) {
        super(message);
        this.file = file;
    }

    public String file() {
        return file;
    }
}
