package dev.bellwether.web.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The chart records write the JSON charts.js reads: the same fields and values the pages wrote
 * from maps before (compared as JSON trees, so the order of a map's keys does not matter), and
 * "type" first.
 */
class ChartJsonTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void aHistoryChartHasItsBandsAndModelMarkers() throws Exception {
        HistoryChart chart = new HistoryChart(List.of("2026-01", "2026-02"), Arrays.asList(null, 71.5), 70, 40,
                List.of(new HistoryChart.Marker("2026-02", "model v1, v2")));
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("type", "history");
        before.put("labels", List.of("2026-01", "2026-02"));
        before.put("values", Arrays.asList(null, 71.5));
        before.put("healthy", 70.0);
        before.put("atRisk", 40.0);
        before.put("markers", List.of(Map.of("month", "2026-02", "label", "model v1, v2")));
        assertSame(before, chart);
        assertTrue(json.writeValueAsString(chart).startsWith("{\"type\":\"history\",\"labels\":["), "type first");
    }

    @Test
    void lineChartsLeaveOutWhatASeriesDoesNotUse() throws Exception {
        LineChart usage = new LineChart("events", "users", List.of("2026-01-05"),
                List.of(new LineChart.Series("Events", "bar", null, List.of(12L), null),
                        new LineChart.Series("Active users", null, 1, List.of(3), null)),
                null);
        assertSame(Map.of("type", "lines", "unit", "events", "secondUnit", "users", "labels", List.of("2026-01-05"),
                "series", List.of(Map.of("name", "Events", "kind", "bar", "values", List.of(12)),
                        Map.of("name", "Active users", "axis", 1, "values", List.of(3)))), usage);
        LineChart mrr = new LineChart("money", null, List.of("2026-01"),
                List.of(new LineChart.Series("MRR", null, null, List.of(100.5), true)), null);
        assertSame(Map.of("type", "lines", "unit", "money", "labels", List.of("2026-01"),
                "series", List.of(Map.of("name", "MRR", "values", List.of(100.5), "area", true))), mrr);
        LineChart retention = new LineChart("%", null, List.of("2026-01"),
                List.of(LineChart.Series.line("NRR", Arrays.asList((Double) null))),
                List.of(new LineChart.Target("NRR target", 100)));
        Map<String, Object> nrr = new LinkedHashMap<>();
        nrr.put("name", "NRR");
        nrr.put("values", Arrays.asList((Object) null));
        assertSame(Map.of("type", "lines", "unit", "%", "labels", List.of("2026-01"), "series", List.of(nrr),
                "targets", List.of(Map.of("name", "NRR target", "value", 100.0))), retention);
    }

    @Test
    void aSparklineKeepsANullTarget() throws Exception {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("type", "sparkline");
        before.put("labels", List.of("2026-01"));
        before.put("values", List.of(1.5));
        before.put("target", null);
        before.put("unit", "PERCENT");
        assertSame(before, new Sparkline(List.of("2026-01"), List.of(1.5), null, "PERCENT"));
    }

    @Test
    void barsAndHeatmaps() throws Exception {
        assertSame(Map.of("type", "waterfall", "labels", List.of("Starting", "Churned"), "values", List.of(10.0, -2.0)),
                BarChart.waterfall(List.of("Starting", "Churned"), List.of(10.0, -2.0)));
        assertSame(Map.of("type", "bands", "labels", List.of("Healthy"), "values", List.of(4)),
                BarChart.bands(List.of("Healthy"), List.of(4)));
        assertSame(Map.of("type", "heatmap", "cohorts", List.of("2025-01 (3)"),
                "cells", List.of(List.of(0, 0, 66.7))),
                new HeatmapChart(List.of("2025-01 (3)"), List.of(List.of(0, 0, 66.7))));
    }

    @Test
    void anAxisRangeHoldsEveryValueAndTargetOnRoundNumbersAndStartsAtZeroWhenClose() {
        // NRR 94.2–101.3 % with a target of 110: 90 to 115, so the target line is drawn
        assertEquals(List.of(90.0, 115.0), range(Arrays.asList(94.2, null, 101.3, 110.0), 5, 20));
        // values near zero: the axis starts at zero
        assertEquals(List.of(0.0, 25.0), range(List.of(12.0, 21.0), 5, 20));
        assertEquals(List.of(0.0, 100.0), range(Arrays.asList((Double) null), 5, 20), "no value: 0 to 100");
        LineChart close = new LineChart("%", null, List.of("2026-10"), List.of(), List.of(), 90.0, 115.0);
        assertTrue(json.valueToTree(close).has("axisMin"));
        assertTrue(!json.valueToTree(new LineChart("%", null, List.of(), List.of(), null)).has("axisMin"),
                "a chart from zero leaves the range out");
    }

    private static List<Double> range(List<Double> values, double step, double zeroWithin) {
        double[] range = LineChart.range(values, step, zeroWithin);
        return List.of(range[0], range[1]);
    }

    private void assertSame(Map<String, Object> before, Chart chart) throws Exception {
        JsonNode expected = json.readTree(json.writeValueAsString(before));
        JsonNode actual = json.readTree(json.writeValueAsString(chart));
        assertEquals(expected, actual);
    }
}
