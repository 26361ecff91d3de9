package dev.bellwether.ingest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What an import came to: {@code applied} (every row written, a recalculation requested) or
 * {@code rejected} (nothing written; the problems, the first {@code limit} of {@code errorCount}).
 */
public record ImportOutcome(UUID id, ImportStatus status, Map<String, Long> rows,
        Map<String, ImportRecord.Changes> changes,
        List<ImportError> errors, long errorCount) {

    public boolean applied() {
        return status == ImportStatus.APPLIED;
    }
}
