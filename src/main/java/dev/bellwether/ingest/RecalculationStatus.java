package dev.bellwether.ingest;

import dev.bellwether.platform.sql.StoredWord;

/** Where the recalculation an import asked for stands, as the import's history shows it. */
public enum RecalculationStatus implements StoredWord {
    PENDING, RUNNING, DONE, FAILED;

    @Override
    public String toString() {
        return word();
    }
}
