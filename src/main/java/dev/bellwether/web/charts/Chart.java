package dev.bellwether.web.charts;

/**
 * The data of a chart that /js/charts.js draws with Apache ECharts: {@link #type()} names its
 * renderer there, the record's components are the JSON fields that renderer reads. Written into a
 * {@code data-chart} attribute by {@link dev.bellwether.web.ChartData}.
 */
public sealed interface Chart permits BarChart, HeatmapChart, HistoryChart, LineChart, Sparkline {

    /** The renderer in charts.js: history, lines, sparkline, waterfall, bands or heatmap. */
    String type();
}
