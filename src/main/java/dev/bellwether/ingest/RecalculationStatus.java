package dev.bellwether.ingest;

import dev.bellwether.platform.sql.StoredWord;

/**
 * Where the recalculation an import asked for stands, as the import's history shows it;
 * {@code not_needed} for an import that changed nothing and so asked for none.
 */
public enum RecalculationStatus implements StoredWord {
    PENDING, RUNNING, DONE, FAILED, NOT_NEEDED;

    @Override
    public String toString() {
        return word();
    }
}
