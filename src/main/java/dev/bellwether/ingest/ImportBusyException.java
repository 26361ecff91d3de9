package dev.bellwether.ingest;

/**
 * Another import of the same tenant is running (409), or this instance runs as many imports as it takes at once
 * (429, to be tried again in a minute): nothing written.
 */
public class ImportBusyException extends RuntimeException {

    private final int status;

    public ImportBusyException() {
        this(409, "Another import for your organisation is in progress. Wait for it to finish, then upload again.");
    }

    private ImportBusyException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** Every place for an import on this instance is taken. */
    static ImportBusyException everywhere() {
        return new ImportBusyException(429, "Bellwether is running as many imports as it takes at once. Nothing was"
                + " written: upload again in a minute.");
    }

    /** 409, or 429 with a {@code Retry-After} of a minute. */
    public int status() {
        return status;
    }
}
