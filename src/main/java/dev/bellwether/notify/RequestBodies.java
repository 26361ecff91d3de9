package dev.bellwether.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bellwether.alerts.AlertRule;
import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.InvalidFields;
import dev.bellwether.platform.Text;

/** Reads the notification endpoints' JSON bodies field by field, noting every problem in an {@link InvalidFields}. */
final class RequestBodies {

    /** How much of a wrong value an answer repeats. */
    private static final int SHOWN = 40;

    private RequestBodies() {
    }

    /**
     * Notes fields that are not among {@code known} (a typo must not be silently dropped); as this endpoint's other
     * messages, without the field's name, which the error names beside it.
     */
    static void onlyFields(JsonNode body, Set<String> known, InvalidFields invalid) {
        // the count of the unknown fields not named ("and N more …", field "body") stays as it is
        FieldError.unknown(body, known).forEach(error -> invalid.add(error.field(),
                error.message().startsWith(error.field() + " ") ? FieldError.notAField(known) : error.message()));
    }

    /** A list of alert rule names, each known and named once; empty when missing and not required. */
    static List<AlertRule> rules(JsonNode body, String field, boolean required, InvalidFields invalid) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                invalid.add(field, "is required: a list of alert rules");
            }
            return List.of();
        }
        if (!node.isArray()) {
            invalid.add(field, "must be a list of alert rules");
            return List.of();
        }
        if (node.size() > AlertRule.values().length) {
            invalid.add(field, "lists " + node.size() + " rules; there are " + AlertRule.values().length + ": "
                    + ruleNames());
            return List.of();
        }
        List<AlertRule> rules = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            Optional<AlertRule> rule = item.isTextual() ? AlertRule.of(item.asText()) : Optional.empty();
            if (rule.isEmpty()) {
                // the value as sent, cut short: a 5 MB name is not repeated whole in the answer
                invalid.add(field + "[" + i + "]", "must be one of " + ruleNames() + ", not "
                        + Text.echoed(item.toString(), SHOWN));
            } else if (rules.contains(rule.get())) {
                invalid.add(field + "[" + i + "]", rule.get().key() + " is listed twice");
            } else {
                rules.add(rule.get());
            }
        }
        return rules;
    }

    /**
     * Adds the rules a form's boxes name to {@code into}, each once (a box sent twice is one choice); the first name
     * that is no rule (a tampered or out-of-date form), if any, is returned: the form is refused, not saved without it,
     * and comes back with every rule it did name still ticked.
     */
    static Optional<String> formRules(List<String> keys, List<AlertRule> into) {
        Optional<String> unknown = Optional.empty();
        for (String key : keys == null ? List.<String>of() : keys) {
            Optional<AlertRule> rule = AlertRule.of(key);
            if (rule.isEmpty()) {
                unknown = unknown.or(() -> Optional.of(key));
            } else if (!into.contains(rule.get())) {
                into.add(rule.get());
            }
        }
        return unknown;
    }

    /** The form's message for a box naming no rule. */
    static String notARule(String key) {
        return "There is no alert rule called \"" + Text.echoed(key, SHOWN)
                + "\": tick among " + ruleNames() + ".";
    }

    static String ruleNames() {
        return String.join(", ", java.util.Arrays.stream(AlertRule.values()).map(AlertRule::key).toList());
    }
}
