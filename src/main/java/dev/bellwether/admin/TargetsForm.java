package dev.bellwether.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.MultivaluedMap;

import dev.bellwether.dashboard.KpiTargets;
import dev.bellwether.metrics.calc.MetricDefinition;

/**
 * The targets form as posted: one field per metric, named by its key (so the fields are the
 * metrics', not a fixed record). A blank field means the default; a number (a percentage may end in
 * {@code %}, thousands may be grouped with commas) is checked against the metric's range
 * ({@link KpiTargets#problem}); anything else is named as wrong, never read as blank.
 *
 * A field whose text is the one the page showed when it was opened ({@code was.<metric>}) is not saved: another
 * admin's target saved meanwhile stays.
 *
 * @param wanted the targets to save, per metric given and changed (null: back to the default)
 * @param texts what was typed, per metric given
 * @param errors what is wrong, per metric with a problem
 * @param opened what the page showed when it was opened, per metric it says
 */
record TargetsForm(Map<MetricDefinition, Double> wanted, Map<MetricDefinition, String> texts,
        Map<MetricDefinition, String> errors, Map<MetricDefinition, String> opened) {

    /** A number with thousands grouped in threes: 12,500 or 1,250,000.5. */
    private static final Pattern GROUPED = Pattern.compile("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
    /**
     * A decimal comma with one or two decimals ("97,5"), which no grouping in threes can be: what a phone's decimal
     * keypad types where the region writes decimals so (iOS offers no point there).
     */
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[-+]?\\d+,\\d{1,2}");
    /** A plain decimal number (no exponent, hex or the words Java would also read: NaN, Infinity). */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)");

    static TargetsForm of(MultivaluedMap<String, String> form) {
        Map<MetricDefinition, Double> wanted = new LinkedHashMap<>();
        Map<MetricDefinition, String> texts = new LinkedHashMap<>();
        Map<MetricDefinition, String> errors = new LinkedHashMap<>();
        Map<MetricDefinition, String> opened = new LinkedHashMap<>();
        for (MetricDefinition metric : KpiTargets.metrics()) {
            String text = form.getFirst(metric.key());
            if (text == null) {
                continue;
            }
            texts.put(metric, text);
            String trimmed = text.strip();
            String was = form.getFirst("was." + metric.key());
            if (was != null) {
                opened.put(metric, was);
                if (was.strip().equals(trimmed)) {
                    continue;
                }
            }
            if (trimmed.isEmpty()) {
                wanted.put(metric, null);
                continue;
            }
            if (metric.unit() == MetricDefinition.Unit.PERCENT && trimmed.endsWith("%")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
            }
            if (DECIMAL_COMMA.matcher(trimmed).matches()) {
                trimmed = trimmed.replace(',', '.');
            } else if (trimmed.contains(",")) {
                if (!GROUPED.matcher(trimmed).matches()) {
                    errors.put(metric, metric.label() + " target: write decimals with a point or one comma,"
                            + " like 2.5 or 2,5, and thousands with commas only in threes, like 12,500");
                    continue;
                }
                trimmed = trimmed.replace(",", "");
            }
            if (!NUMBER.matcher(trimmed).matches()) {
                errors.put(metric, metric.label() + " target must be a number, like 95 or 2.5");
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
        return new TargetsForm(wanted, texts, errors, opened);
    }
}
