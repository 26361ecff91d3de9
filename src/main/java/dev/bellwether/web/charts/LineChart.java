package dev.bellwether.web.charts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Series over the same labels (months or weeks): lines, or bars with {@code kind = "bar"}; a
 * series on {@code axis} 1 uses the right axis, in {@code secondUnit}; {@code targets} draws
 * dashed horizontal lines. The value axis starts at zero unless {@code axisMin} and
 * {@code axisMax} say otherwise (then the chart says that it does not start at zero, and the range
 * holds every value and every target). Absent optional fields are left out of the JSON.
 */
@JsonPropertyOrder({ "type" })
public record LineChart(String unit, @JsonInclude(JsonInclude.Include.NON_NULL) String secondUnit, List<String> labels,
        List<Series> series, @JsonInclude(JsonInclude.Include.NON_NULL) List<Target> targets,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double axisMin,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double axisMax) implements Chart {

    /** A chart whose value axes start at zero. */
    public LineChart(String unit, String secondUnit, List<String> labels, List<Series> series, List<Target> targets) {
        this(unit, secondUnit, labels, series, targets, null, null);
    }

    /**
     * An axis range that holds every value and target with a little room, on round numbers
     * ({@code step}); starting at zero when the values come within {@code zeroWithin} of it.
     */
    public static double[] range(List<Double> values, double step, double zeroWithin) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Double v : values) {
            if (v != null) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        if (low == Double.POSITIVE_INFINITY) {
            return new double[] {0, 100};
        }
        double min = Math.floor((low - step / 2) / step) * step;
        double max = Math.ceil((high + step / 2) / step) * step;
        return new double[] {min <= zeroWithin ? 0 : min, max};
    }

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
