package dev.bellwether.web.charts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Cohort retention: a row per cohort ({@code cohorts}, its label), and {@code cells} of
 * {@code [months since start, cohort row, value]}. The colour scale runs from 0 to 100 % unless
 * {@code min}, {@code max} and {@code unit} say otherwise (NPS: −100 to 100, no unit). {@code links}, when
 * there, is where each cohort's row leads (its accounts): a click on a cell opens it.
 */
@JsonPropertyOrder({ "type" })
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeatmapChart(List<String> cohorts, List<List<Number>> cells, Double min, Double max, String unit,
        List<String> links) implements Chart {

    public HeatmapChart(List<String> cohorts, List<List<Number>> cells) {
        this(cohorts, cells, null, null, null, null);
    }

    /** The same heatmap whose rows lead to {@code rowLinks} (one per cohort, in order). */
    public HeatmapChart withLinks(List<String> rowLinks) {
        return new HeatmapChart(cohorts, cells, min, max, unit, List.copyOf(rowLinks));
    }

    /** A heatmap of values between {@code min} and {@code max}, shown with {@code unit} ("" for none). */
    public static HeatmapChart scaled(List<String> cohorts, List<List<Number>> cells, double min, double max,
            String unit) {
        return new HeatmapChart(cohorts, cells, min, max, unit, null);
    }

    @Override
    @JsonProperty("type")
    public String type() {
        return "heatmap";
    }
}
