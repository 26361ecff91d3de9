package dev.bellwether.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The problems found in one import: every problem is counted, the first {@code limit} (in file
 * order, then line order) are kept to report.
 */
final class ImportProblems {

    private final int limit;
    private final List<ImportError> kept = new ArrayList<>();
    private long total;
    private ProblemGroups groups = new ProblemGroups();

    ImportProblems(int limit) {
        this.limit = limit;
    }

    void add(ImportError error) {
        total++;
        groups.add(error, 1);
        if (kept.size() < limit * 2) {
            kept.add(error);
        }
    }

    /** Adds problems found elsewhere and counted there ({@code counted} ≥ {@code errors.size()}). */
    void addAll(List<ImportError> errors, long counted) {
        total += counted - errors.size();
        errors.forEach(this::add);
        if (counted > errors.size() && !errors.isEmpty()) {
            groups.count(errors.get(0), counted - errors.size());
        }
    }

    /** A point to go back to with {@link #resetTo(Mark)}. */
    record Mark(long total, int kept, ProblemGroups groups) {
    }

    Mark mark() {
        return new Mark(total, kept.size(), groups.copy());
    }

    /** Forgets the problems found since {@code mark} (a file that is about to be read again). */
    void resetTo(Mark mark) {
        total = mark.total();
        groups = mark.groups();
        kept.subList(mark.kept(), kept.size()).clear();
    }

    boolean isEmpty() {
        return total == 0;
    }

    long total() {
        return total;
    }

    int limit() {
        return limit;
    }

    /** Every problem counted by file, column and kind, with examples (ProblemGroups). */
    List<ProblemGroups.Group> groups() {
        return groups.groups();
    }

    /** The problems to report: at most {@code limit}, ordered by file (in import order) and line. */
    List<ImportError> report(Map<String, Integer> fileOrder) {
        return kept.stream()
                .sorted(Comparator.<ImportError>comparingInt(e -> fileOrder.getOrDefault(e.file(), Integer.MAX_VALUE))
                        .thenComparing(e -> e.line() == null ? 0L : e.line()))
                .limit(limit)
                .toList();
    }
}
