package dev.bellwether.web.charts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A KPI tile's trend: its values by month and its target (null: none) in the metric's unit. */
@JsonPropertyOrder({ "type" })
public record Sparkline(List<String> labels, List<Double> values, Double target, String unit) implements Chart {

    @Override
    @JsonProperty("type")
    public String type() {
        return "sparkline";
    }
}
