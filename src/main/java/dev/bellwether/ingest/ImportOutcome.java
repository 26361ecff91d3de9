package dev.bellwether.ingest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What an import came to: {@code applied} (every new or changed row written, a recalculation requested
 * unless nothing changed: {@link #unchanged()}) or
 * {@code rejected} (nothing written; the problems, the first {@code limit} of {@code errorCount},
 * and all of them counted in {@code groups} by file, column and kind, for the page).
 */
public record ImportOutcome(UUID id, ImportStatus status, Map<String, Long> rows,
        Map<String, ImportRecord.Changes> changes,
        List<ImportError> errors, long errorCount, List<ProblemGroups.Group> groups, Long recalculationRequest) {

    /** A refused outcome whose groups are those of its listed problems. */
    public ImportOutcome(UUID id, ImportStatus status, Map<String, Long> rows,
            Map<String, ImportRecord.Changes> changes, List<ImportError> errors, long errorCount) {
        this(id, status, rows, changes, errors, errorCount, ProblemGroups.of(errors), null);
    }

    public boolean applied() {
        return status == ImportStatus.APPLIED;
    }

    /**
     * Whether the import was applied and changed nothing: every row was already stored as in the files, no
     * staged feed event was applied before it and its health model (if any) was the one in use, so no
     * recalculation was asked for.
     */
    public boolean unchanged() {
        return applied() && recalculationRequest == null;
    }
}
