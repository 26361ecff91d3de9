package dev.bellwether.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One import as its history shows it.
 *
 * @param recalculation the status of the recalculation the import asked for (pending, running,
 *                      done, failed; not_needed when it changed nothing), or null when it was not applied
 */
public record ImportRecord(UUID id, String createdBy, String createdByName, String source, ImportStatus status,
        String phase,
        int progress, List<FileInfo> files, Map<String, Long> rows, Map<String, Changes> changes, int errorCount,
        List<ImportError> errors, String message, RecalculationStatus recalculation, Integer recalculationProgress,
        String recalculationError, Instant startedAt, Instant finishedAt) {

    /** A file of the import: its name, kind and size in bytes (-1 when it was not known). */
    public record FileInfo(String name, String kind, long bytes) {
    }

    /** What an import did to a kind's table. */
    public record Changes(long inserted, long updated) {
    }

    /** Whether the import was applied and changed nothing: no row written, no recalculation. */
    public boolean unchanged() {
        return status == ImportStatus.APPLIED && recalculation == RecalculationStatus.NOT_NEEDED;
    }

    /** Whether the import ended without being applied (refused or failed): it asked for no recalculation. */
    public boolean notApplied() {
        return status == ImportStatus.REJECTED || status == ImportStatus.FAILED;
    }

    /** Whether the import is still running: it has no duration yet. */
    public boolean running() {
        return status == ImportStatus.PROCESSING;
    }

    /** Whether the recalculation the import asked for is done. */
    public boolean recalculationDone() {
        return recalculation == RecalculationStatus.DONE;
    }

    /** Whether the recalculation the import asked for failed (it is retried). */
    public boolean recalculationFailed() {
        return recalculation == RecalculationStatus.FAILED;
    }

    /** How long the import ran, in milliseconds (null while it runs). */
    public Long durationMillis() {
        return finishedAt == null ? null : finishedAt.toEpochMilli() - startedAt.toEpochMilli();
    }

    /** The listed problems grouped by file, column and kind (counted within the list, maybe the first of more). */
    public List<ProblemGroups.Group> problemGroups() {
        return ProblemGroups.of(errors());
    }
}
