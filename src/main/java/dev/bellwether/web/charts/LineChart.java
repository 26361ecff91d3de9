package dev.bellwether.web.charts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Series over the same labels (months or weeks): lines, or bars with {@code kind = "bar"}; a
 * series on {@code axis} 1 uses the right axis, in {@code secondUnit}; {@code targets} draws
 * dashed horizontal lines. Absent optional fields are left out of the JSON.
 */
@JsonPropertyOrder({ "type" })
public record LineChart(String unit, @JsonInclude(JsonInclude.Include.NON_NULL) String secondUnit, List<String> labels,
        List<Series> series, @JsonInclude(JsonInclude.Include.NON_NULL) List<Target> targets) implements Chart {

    /** A series: its name, its values (null: no value that month) and how it is drawn. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Series(String name, String kind, Integer axis, List<? extends Number> values, Boolean area) {

        /** A plain line. */
        public static Series line(String name, List<? extends Number> values) {
            return new Series(name, null, null, values, null);
        }
    }

    /** A dashed horizontal line at {@code value}. */
    public record Target(String name, double value) {
    }

    @Override
    @JsonProperty("type")
    public String type() {
        return "lines";
    }
}
