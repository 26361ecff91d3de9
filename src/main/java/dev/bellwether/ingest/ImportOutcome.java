package dev.bellwether.ingest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What an import came to: {@code applied} (every row written, a recalculation requested) or
 * {@code rejected} (nothing written; the problems, the first {@code limit} of {@code errorCount},
 * and all of them counted in {@code groups} by file, column and kind, for the page).
 */
public record ImportOutcome(UUID id, ImportStatus status, Map<String, Long> rows,
        Map<String, ImportRecord.Changes> changes,
        List<ImportError> errors, long errorCount, List<ProblemGroups.Group> groups) {

    /** An outcome whose groups are those of its listed problems. */
    public ImportOutcome(UUID id, ImportStatus status, Map<String, Long> rows,
            Map<String, ImportRecord.Changes> changes, List<ImportError> errors, long errorCount) {
        this(id, status, rows, changes, errors, errorCount, ProblemGroups.of(errors));
    }

    public boolean applied() {
        return status == ImportStatus.APPLIED;
    }
}
