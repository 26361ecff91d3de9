package dev.bellwether.ingest;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The problems found in one import: every problem is counted, and the first {@code limit} in report
 * order (file by file in import order, then by line; docs/imports.md) are kept, whatever order they are
 * found in: repeated keys are found after every cell of every file, and may lie on earlier lines.
 */
final class ImportProblems {

    /** A problem and when it was found: problems of one line are reported in the order they were found. */
    private record Found(ImportError error, long seq, boolean first) {
    }

    private final int limit;
    private final Comparator<Found> order;
    /** The first {@code limit} problems in report order, the last of them at the head. */
    private final PriorityQueue<Found> kept;
    private long total;
    private long found;
    private final ProblemGroups groups = new ProblemGroups();

    /** For problems that are counted but whose order across files does not matter. */
    ImportProblems(int limit) {
        this(limit, Map.of());
    }

    /** @param fileOrder each file's place in the import order (a problem of a file not named comes last) */
    ImportProblems(int limit, Map<String, Integer> fileOrder) {
        this.limit = limit;
        this.order = Comparator.<Found, Boolean>comparing(f -> !f.first())
                .thenComparingInt(f -> fileOrder.getOrDefault(f.error().file(), Integer.MAX_VALUE))
                .thenComparingLong(f -> f.error().line() == null ? 0L : f.error().line())
                .thenComparingLong(Found::seq);
        this.kept = new PriorityQueue<>(order.reversed());
    }

    void add(ImportError error) {
        add(error, false);
    }

    /**
     * A problem of the upload itself (a file's name, a kind sent twice, a folder in a zip): listed before every
     * problem of a file's rows, whatever file it names (a second {@code mrr.csv} names the first's).
     */
    void addFirst(ImportError error) {
        add(error, true);
    }

    private void add(ImportError error, boolean first) {
        total++;
        groups.add(error, 1);
        Found problem = new Found(error, found++, first);
        if (kept.size() < limit) {
            kept.add(problem);
        } else if (!kept.isEmpty() && order.compare(problem, kept.peek()) < 0) {
            kept.poll();
            kept.add(problem);
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

    /** The problems to report: the first {@code limit}, ordered by file (in import order) and line. */
    List<ImportError> report() {
        return kept.stream().sorted(order).map(Found::error).toList();
    }
}
