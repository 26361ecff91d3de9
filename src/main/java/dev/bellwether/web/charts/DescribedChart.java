package dev.bellwether.web.charts;

/**
 * A chart's data for {@code data-chart} ({@code ChartData}) and its text alternative, which the page writes itself
 * ({@code tags/describedChart}): a reader without JavaScript, or whose charts.js did not load, still reads the summary
 * and the numbers, where charts.js once wrote both from the data alone.
 */
public record DescribedChart(String data, ChartText text) {
}
