package dev.bellwether.web.charts;

import java.util.List;

/**
 * A chart's text alternative, written by the server beside its data: one or two sentences that say
 * what the chart shows ({@code summary}: the chart's accessible name and a line under it) and the
 * numbers behind it as a small table ({@code columns}, {@code rows}, already formatted; empty for a
 * sparkline, whose tile shows its figure anyway). {@code links}, when not empty, is where each row's
 * first cell leads (one per row, in order), as the chart's own elements do (a cohort: its accounts).
 */
public record ChartText(String summary, List<String> columns, List<List<String>> rows, List<String> links) {

    public ChartText(String summary, List<String> columns, List<List<String>> rows) {
        this(summary, columns, rows, List.of());
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
        return new ChartText(summary, columns, rows, List.copyOf(rowLinks));
    }
}
