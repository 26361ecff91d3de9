package dev.bellwether.web.charts;

import java.util.ArrayList;
import java.util.List;

/**
 * A chart's text alternative, written by the server beside its data: one or two sentences that say
 * what the chart shows ({@code summary}: the chart's accessible name and a line under it) and the
 * numbers behind it as a small table ({@code columns}, {@code rows}, already formatted; empty for a
 * sparkline, whose tile shows its figure anyway). {@code links}, when not empty, is where each row's
 * first cell leads (one per row, in order), as the chart's own elements do (a cohort: its accounts).
 * {@code perPart}, when not 0, cuts a wide table into tables of that many columns after the first
 * {@code kept} (which each repeats), so that none scrolls sideways on a desktop; a row with no value in a later
 * table is left out of it (a cohort younger than a year has no row in its second year's).
 */
public record ChartText(String summary, List<String> columns, List<List<String>> rows, List<String> links,
        int kept, int perPart) {

    /** A cell without a value, as {@code Figure} writes null. */
    public static final String NONE = "—";

    /**
     * One table of the numbers: {@code span} names its columns after the kept ones ("Month 0 to Month 11"), null for
     * the whole table; {@code links} are its rows' (empty when the rows lead nowhere).
     */
    public record Part(String span, List<String> columns, List<List<String>> rows, List<String> links) {
    }

    public ChartText(String summary, List<String> columns, List<List<String>> rows) {
        this(summary, columns, rows, List.of(), 0, 0);
    }

    /** A summary without a table. */
    public static ChartText of(String summary) {
        return new ChartText(summary, List.of(), List.of());
    }

    /** The same text whose rows lead to {@code rowLinks} (one per row, in order). */
    public ChartText withLinks(List<String> rowLinks) {
        if (rowLinks.size() != rows.size()) {
            throw new IllegalArgumentException(rowLinks.size() + " links for " + rows.size() + " rows");
        }
        return new ChartText(summary, columns, rows, List.copyOf(rowLinks), kept, perPart);
    }

    /** The same text shown as tables of {@code perPart} columns each after the first {@code kept}. */
    public ChartText inPartsOf(int kept, int perPart) {
        if (kept < 1 || perPart < 1) {
            throw new IllegalArgumentException(kept + " kept, " + perPart + " per part");
        }
        return new ChartText(summary, columns, rows, links, kept, perPart);
    }

    /** The numbers' tables: one, or the wide table cut into parts (the last may be narrower). */
    public List<Part> parts() {
        if (perPart == 0 || columns.size() <= kept + perPart) {
            return List.of(new Part(null, columns, rows, links));
        }
        List<Part> parts = new ArrayList<>();
        for (int from = kept; from < columns.size(); from += perPart) {
            int to = Math.min(from + perPart, columns.size());
            List<String> partColumns = new ArrayList<>(columns.subList(0, kept));
            partColumns.addAll(columns.subList(from, to));
            List<List<String>> partRows = new ArrayList<>();
            List<String> partLinks = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                List<String> shown = rows.get(r).subList(from, to);
                if (from > kept && shown.stream().allMatch(NONE::equals)) {
                    continue;
                }
                List<String> cells = new ArrayList<>(rows.get(r).subList(0, kept));
                cells.addAll(shown);
                partRows.add(cells);
                if (!links.isEmpty()) {
                    partLinks.add(links.get(r));
                }
            }
            if (partRows.isEmpty()) {
                continue; // no value in any row
            }
            String span = to - from == 1 ? columns.get(from) : columns.get(from) + " to " + columns.get(to - 1);
            parts.add(new Part(span, partColumns, partRows, partLinks));
        }
        return parts;
    }
}
