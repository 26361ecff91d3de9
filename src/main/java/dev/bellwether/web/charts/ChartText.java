package dev.bellwether.web.charts;

import java.util.List;

/**
 * A chart's text alternative, written by the server beside its data: one or two sentences that say
 * what the chart shows ({@code summary}: the chart's accessible name and a line under it) and the
 * numbers behind it as a small table ({@code columns}, {@code rows}, already formatted; empty for a
 * sparkline, whose tile shows its figure anyway).
 */
public record ChartText(String summary, List<String> columns, List<List<String>> rows) {

    /** A summary without a table. */
    public static ChartText of(String summary) {
        return new ChartText(summary, List.of(), List.of());
    }
}
