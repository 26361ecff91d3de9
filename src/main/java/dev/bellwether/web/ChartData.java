package dev.bellwether.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bellwether.web.charts.Chart;
import dev.bellwether.web.charts.ChartText;
import dev.bellwether.web.charts.DescribedChart;

/**
 * The data of a chart as JSON, for a {@code data-chart} attribute that /js/charts.js draws with
 * Apache ECharts. Qute escapes it as an attribute value, so any text in it is safe.
 */
@ApplicationScoped
public class ChartData {

    @Inject
    ObjectMapper json;

    public String of(Chart chart) {
        try {
            return json.writeValueAsString(chart);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #of(Chart, ChartText)} with the text itself, for a page that writes it (tags/describedChart). */
    public DescribedChart described(Chart chart, ChartText text) {
        return new DescribedChart(of(chart, text), text);
    }

    /**
     * The chart's data with its text alternative ({@code summary}, and {@code table} with its
     * {@code columns} and {@code rows}): charts.js makes the summary the chart's accessible name and
     * shows it, with the numbers as a table one click away.
     */
    public String of(Chart chart, ChartText text) {
        ObjectNode node = json.valueToTree(chart);
        node.put("summary", text.summary());
        if (!text.rows().isEmpty()) {
            ObjectNode table = node.putObject("table");
            table.set("columns", json.valueToTree(text.columns()));
            table.set("rows", json.valueToTree(text.rows()));
        }
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
