package dev.bellwether.audit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A readable difference between two versions of a document: every leaf whose value changed, by its
 * path ("weights.usage: 40 → 35"). Arrays of objects with a {@code measure} or {@code rule} name
 * are keyed by it, so "measures.usageTrend.poor" reads as what it is rather than "measures[1]"; a list of
 * plain values is one value ("qbrSegments: Enterprise, SMB → SMB"), and so is a list of small unnamed records
 * ("steps: Call · 3; Visit · 7"); other lists go by position.
 */
public final class AuditDiff {

    /**
     * One changed value; {@code before} or {@code after} is null when the field was added or removed. The
     * database's own entries (a tenant suspended or resumed, V21) write them {@code from} and {@code to}.
     */
    public record Change(String field, @JsonAlias("from") String before, @JsonAlias("to") String after) {
    }

    private AuditDiff() {
    }

    public static List<Change> between(ObjectMapper json, Object before, Object after) {
        Map<String, String> left = new LinkedHashMap<>();
        Map<String, String> right = new LinkedHashMap<>();
        if (before != null) {
            flatten("", json.valueToTree(before), left);
        }
        if (after != null) {
            flatten("", json.valueToTree(after), right);
        }
        Set<String> fields = new LinkedHashSet<>(right.keySet());
        fields.addAll(left.keySet());
        List<Change> changes = new ArrayList<>();
        for (String field : fields) {
            String a = left.get(field);
            String b = right.get(field);
            if (!Objects.equals(a, b)) {
                changes.add(new Change(field, a, b));
            }
        }
        return changes;
    }

    private static void flatten(String path, JsonNode node, Map<String, String> out) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(join(path, field.getKey()), field.getValue(), out);
            }
        } else if (node.isArray() && !node.isEmpty() && StreamSupport.stream(node.spliterator(), false)
                .allMatch(JsonNode::isValueNode)) {
            // a list of words (segments, rules, events) is one value: keyed by position, one added or removed
            // read as every later one changed
            List<String> values = new ArrayList<>();
            // quoted (its quotes doubled) when it holds the separator or a quote: ["EMEA, North"] is not
            // ["EMEA", "North"], nor ["A\", \"B"] the two ["\"A\"", "\"B\""]
            node.forEach(item -> values.add(item.isNumber() ? number(item)
                    : item.asText().contains(",") || item.asText().contains("\"")
                            ? "\"" + item.asText().replace("\"", "\"\"") + "\"" : item.asText()));
            out.put(path, String.join(", ", values));
        } else if (node.isArray() && !node.isEmpty() && StreamSupport.stream(node.spliterator(), false)
                .allMatch(AuditDiff::flatAndUnnamed)) {
            // a list of small records without a name (a playbook's steps) is one value too: by position, a step
            // put first read as every step changed ("steps: Call · 3; Visit · 7")
            List<String> items = new ArrayList<>();
            node.forEach(item -> {
                List<String> values = new ArrayList<>();
                item.forEach(value -> values.add(value.isNumber() ? number(value) : quoted(value.asText())));
                items.add(String.join(" · ", values));
            });
            out.put(path, String.join("; ", items));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                String key = item.isObject() && item.hasNonNull("measure") ? item.get("measure").asText()
                        : item.isObject() && item.hasNonNull("rule") ? item.get("rule").asText() : Integer.toString(i);
                JsonNode rest = item;
                if (item.isObject() && (item.hasNonNull("measure") || item.hasNonNull("rule"))) {
                    rest = item.deepCopy();
                    ((com.fasterxml.jackson.databind.node.ObjectNode) rest).remove(List.of("measure", "rule"));
                }
                flatten(join(path, key), rest, out);
            }
        } else {
            out.put(path, node.isNumber() ? number(node) : node.asText());
        }
    }

    /** A step's value as one: quoted (its quotes doubled) when it holds a separator of the list or a quote. */
    private static String quoted(String value) {
        return value.contains(";") || value.contains(" · ") || value.contains("\"")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    /** An object of plain values only, without the {@code measure} or {@code rule} that keys its list. */
    private static boolean flatAndUnnamed(JsonNode item) {
        return item.isObject() && !item.has("measure") && !item.has("rule")
                && StreamSupport.stream(item.spliterator(), false).allMatch(JsonNode::isValueNode);
    }

    private static String number(JsonNode node) {
        double value = node.asDouble();
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
