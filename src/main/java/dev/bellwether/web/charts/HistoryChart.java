package dev.bellwether.web.charts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An account's health by month against the band thresholds ({@code healthy}, {@code atRisk}), with
 * a dotted marker where a health-model version took effect.
 */
@JsonPropertyOrder({ "type" })
public record HistoryChart(List<String> labels, List<Double> values, double healthy, double atRisk,
        List<Marker> markers) implements Chart {

    /** A marker at {@code month}, labelled e.g. "model v2, v3". */
    public record Marker(String month, String label) {
    }

    @Override
    @JsonProperty("type")
    public String type() {
        return "history";
    }
}
