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

    ImportProblems(int limit) {
        this.limit = limit;
    }

    void add(ImportError error) {
        total++;
        if (kept.size() < limit * 2) {
            kept.add(error);
        }
    }

    /** Adds problems found elsewhere and counted there ({@code counted} ≥ {@code errors.size()}). */
    void addAll(List<ImportError> errors, long counted) {
        total += counted - errors.size();
        errors.forEach(this::add);
    }

    /** A point to go back to with {@link #resetTo(Mark)}. */
    record Mark(long total, int kept) {
    }

    Mark mark() {
        return new Mark(total, kept.size());
    }

    /** Forgets the problems found since {@code mark} (a file that is about to be read again). */
    void resetTo(Mark mark) {
        total = mark.total();
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

    /** The problems to report: at most {@code limit}, ordered by file (in import order) and line. */
    List<ImportError> report(Map<String, Integer> fileOrder) {
        return kept.stream()
                .sorted(Comparator.<ImportError>comparingInt(e -> fileOrder.getOrDefault(e.file(), Integer.MAX_VALUE))
                        .thenComparing(e -> e.line() == null ? 0L : e.line()))
                .limit(limit)
                .toList();
    }
}
