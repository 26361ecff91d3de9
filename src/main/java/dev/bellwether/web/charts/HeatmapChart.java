package dev.bellwether.web.charts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Cohort retention: a row per cohort ({@code cohorts}, its label), and {@code cells} of
 * {@code [months since start, cohort row, value]}.
 */
@JsonPropertyOrder({ "type" })
public record HeatmapChart(List<String> cohorts, List<List<Number>> cells) implements Chart {

    @Override
    @JsonProperty("type")
    public String type() {
        return "heatmap";
    }
}
