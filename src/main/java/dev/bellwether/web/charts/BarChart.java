package dev.bellwether.web.charts;

import java.util.List;

/** One bar per label: the MRR movements ({@code waterfall}) or the accounts per band ({@code bands}). */
public record BarChart(String type, List<String> labels, List<? extends Number> values) implements Chart {

    /** Starting MRR, the movements (decreases negative) and the ending MRR, as a waterfall. */
    public static BarChart waterfall(List<String> labels, List<Double> values) {
        return new BarChart("waterfall", labels, values);
    }

    /** A count per band, coloured healthy, needs attention, at risk, no score. */
    public static BarChart bands(List<String> labels, List<Integer> values) {
        return new BarChart("bands", labels, values);
    }
}
