package dev.bellwether.ingest;

import dev.bellwether.platform.sql.StoredWord;

/** Where an import stands ({@code import_batch.status}, and the API's {@code status}). */
public enum ImportStatus implements StoredWord {
    PROCESSING, APPLIED, REJECTED, FAILED;

    @Override
    public String toString() {
        return word();
    }
}
