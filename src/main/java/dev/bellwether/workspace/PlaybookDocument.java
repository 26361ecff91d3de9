package dev.bellwether.workspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bellwether.alerts.AlertRule;
import dev.bellwether.platform.InvalidInput;
import dev.bellwether.platform.Text;

/**
 * A playbook as the API reads and writes it (docs/api.md): {@code {key, name, trigger, enabled,
 * steps:[{title, dueInDays}]}}; {@code trigger} is an alert rule's key or {@code manual}.
 */
public record PlaybookDocument(String key, String name, String trigger, boolean enabled, List<Step> steps) {

    public static final String MANUAL = "manual";
    public static final int NAME_MAX = 200;
    public static final int STEPS_MAX = 20;
    public static final int DUE_MAX = 365;
    static final Pattern KEY = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");

    private static final String KEY_RULE = "key must be 1–64 lower-case letters, digits or dashes, starting with a"
            + " letter or digit";
    private static final Set<String> FIELDS = Set.of("key", "name", "trigger", "enabled", "steps");
    private static final Set<String> STEP_FIELDS = Set.of("title", "dueInDays");

    /** One step: a task's title and how many days after the run starts it is due. */
    /**
     * What names this playbook as it is, for a form to say which one it was opened on: the same text for the same
     * playbook, on any instance and after any restart (a digest of its fields, each length-prefixed).
     */
    public String fingerprint() {
        StringBuilder text = new StringBuilder();
        for (String field : List.of(key, name, trigger, Boolean.toString(enabled))) {
            text.append(field.length()).append(':').append(field);
        }
        for (Step step : steps) {
            text.append(step.title().length()).append(':').append(step.title()).append(step.dueInDays()).append(';');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public record Step(String title, int dueInDays) {
    }

    public PlaybookDocument {
        steps = List.copyOf(steps);
    }

    public boolean manual() {
        return MANUAL.equals(trigger);
    }

    /** What sets the playbook off, in words: "by hand", "when an alert opens: At risk". */
    public String runs() {
        return runs(trigger);
    }

    /** {@code trigger} (manual or a rule's key) in words, as {@link #runs()}. */
    public static String runs(String trigger) {
        return MANUAL.equals(trigger) ? "by hand"
                : "when an alert opens: " + AlertRule.label(trigger);
    }

    /** The triggers a playbook may have: manual, then the rules' keys. */
    public static List<String> triggers() {
        List<String> triggers = new ArrayList<>();
        triggers.add(MANUAL);
        for (AlertRule rule : AlertRule.values()) {
            triggers.add(rule.key());
        }
        return triggers;
    }

    /** Checks a key taken from a URL; 422 when it cannot be one. */
    public static String key(String key) {
        if (!isKey(key)) {
            throw new InvalidInput("key", KEY_RULE);
        }
        return key;
    }

    private static boolean isKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /** Reads {@code json} as the playbook {@code key}; 422 with every problem. */
    public static PlaybookDocument read(String key, JsonNode json) {
        Body body = Body.of(json, FIELDS);
        String bodyKey = body.text("key", false, 64);
        if (!isKey(key)) {
            body.error("key", KEY_RULE);
        } else if (bodyKey != null && !bodyKey.equals(key)) {
            body.error("key", "key in the body (" + bodyKey + ") differs from the address (" + key + ")");
        }
        String name = body.text("name", true, NAME_MAX);
        String trigger = body.text("trigger", true, 32);
        if (trigger != null && !triggers().contains(trigger)) {
            body.error("trigger", "trigger must be one of " + String.join(", ", triggers()));
        }
        boolean enabled = body.bool("enabled", true);
        JsonNode given = json.get("steps");
        List<JsonNode> items = body.array("steps");
        if (given == null || given.isNull()) {
            body.error("steps", "steps is required");
        } else if (given.isArray() && items.isEmpty()) {
            body.error("steps", "A playbook needs at least one step");
        }
        if (items.size() > STEPS_MAX) {
            body.error("steps", "A playbook has at most " + STEPS_MAX + " steps");
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < items.size() && i < STEPS_MAX; i++) {
            steps.add(step("steps[" + i + "]", items.get(i), body));
        }
        body.check();
        return new PlaybookDocument(key, name, trigger, enabled, steps);
    }

    private static Step step(String field, JsonNode node, Body errors) {
        if (node == null || !node.isObject()) {
            errors.error(field, field + " must be an object {title, dueInDays}");
            return null;
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!STEP_FIELDS.contains(name)) {
                errors.error(field + "." + name, "Not a field of a step");
            }
        });
        JsonNode title = node.get("title");
        String text = title == null || !title.isTextual() ? "" : title.asText().strip();
        if (title != null && !title.isNull() && !title.isTextual()) {
            errors.error(field + ".title", field + ".title must be text"); // sent, not missing
        } else if (Text.looksEmpty(text)) {
            errors.error(field + ".title", field + ".title is required");
        } else if (!Text.wellFormed(text)) {
            errors.error(field + ".title", Body.notACharacter(field + ".title"));
        } else if (Text.characters(text) > Tasks.TITLE_MAX) {
            errors.error(field + ".title", field + ".title is at most " + Tasks.TITLE_MAX + " characters");
        }
        JsonNode due = node.get("dueInDays");
        if (due == null || !due.canConvertToInt() || !due.isIntegralNumber()) {
            errors.error(field + ".dueInDays", field + ".dueInDays must be a whole number of days from 0 to "
                    + DUE_MAX);
            return null;
        }
        int days = due.asInt();
        if (days < 0 || days > DUE_MAX) {
            errors.error(field + ".dueInDays", field + ".dueInDays must be from 0 to " + DUE_MAX + " days, not "
                    + days);
            return null;
        }
        return new Step(text, days);
    }
}
