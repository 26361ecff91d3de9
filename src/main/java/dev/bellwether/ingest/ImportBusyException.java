package dev.bellwether.ingest;

/** Another import of the same tenant is running: answered with 409, nothing written. */
public class ImportBusyException extends RuntimeException {

    public ImportBusyException() {
        super("Another import for your organisation is in progress. Wait for it to finish, then upload again.");
    }
}
