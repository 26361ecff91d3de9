package dev.bellwether.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;

import dev.bellwether.dashboard.KpiTargets;
import dev.bellwether.metrics.calc.MetricDefinition;

/**
 * The targets form as posted: one field per metric, named by its key (so the fields are the
 * metrics', not a fixed record). A blank field means the default; a number is checked against the
 * metric's range ({@link KpiTargets#problem}).
 *
 * @param wanted the targets to save, per metric given (null: back to the default)
 * @param texts what was typed, per metric given
 * @param errors what is wrong, per metric with a problem
 */
record TargetsForm(Map<MetricDefinition, Double> wanted, Map<MetricDefinition, String> texts,
        Map<MetricDefinition, String> errors) {

    static TargetsForm of(MultivaluedMap<String, String> form) {
        Map<MetricDefinition, Double> wanted = new LinkedHashMap<>();
        Map<MetricDefinition, String> texts = new LinkedHashMap<>();
        Map<MetricDefinition, String> errors = new LinkedHashMap<>();
        for (MetricDefinition metric : KpiTargets.metrics()) {
            String text = form.getFirst(metric.key());
            if (text == null) {
                continue;
            }
            texts.put(metric, text);
            String trimmed = text.trim().replace(",", "");
            if (trimmed.isEmpty()) {
                wanted.put(metric, null);
                continue;
            }
            try {
                double value = Double.parseDouble(trimmed);
                String problem = KpiTargets.problem(metric, value);
                if (problem != null) {
                    errors.put(metric, problem);
                } else {
                    wanted.put(metric, value);
                }
            } catch (NumberFormatException e) {
                errors.put(metric, metric.label() + " target must be a number, like 95 or 2.5");
            }
        }
        return new TargetsForm(wanted, texts, errors);
    }
}
