package dev.bellwether.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.web.charts.Chart;

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
}
