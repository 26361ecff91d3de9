package dev.bellwether.workspace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bellwether.platform.FieldError;

/**
 * The workspace's field problems (tasks, notes, playbooks) in the words of the forms' labels: the API names its
 * fields ("dueDate is required"), a form's reader sees "Due" ("The due date is required"). A message that does not
 * begin with its field's name ("A note needs some text") is already worded for people.
 */
public final class FormWords {

    private static final Map<String, String> LABELS = Map.of("title", "The task", "dueDate", "The due date",
            "assigneeEmail", "The assignee", "occurredAt", "The date", "body", "What happened", "attendees",
            "Attendees", "type", "The type", "name", "The name", "key", "The key");

    /** A form's problem: the field it belongs to and what to fix there, worded for the form. */
    public record Problem(String field, String text) {
    }

    private FormWords() {
    }

    /** {@code error}'s message with its field's name replaced by the form's words. */
    public static String sentence(FieldError error) {
        String label = LABELS.get(error.field());
        String message = error.message();
        return label != null && message.startsWith(error.field() + " ") ? label + message.substring(
                error.field().length()) : message;
    }

    /** One problem per field, in the order first named, each field's messages joined: one id to tie it to. */
    public static List<Problem> byField(List<FieldError> errors) {
        Map<String, List<String>> texts = new LinkedHashMap<>();
        errors.forEach(error -> texts.computeIfAbsent(error.field(), field -> new ArrayList<>()).add(sentence(error)));
        List<Problem> problems = new ArrayList<>();
        texts.forEach((field, said) -> problems.add(new Problem(field, String.join("; ", said))));
        return problems;
    }

    /** Whether one of {@code problems} is about {@code field}. */
    static boolean has(List<Problem> problems, String field) {
        return problems.stream().anyMatch(problem -> problem.field().equals(field));
    }

    /** Every problem of {@code errors} as one sentence each, joined with spaces (a panel's single message). */
    public static String joined(List<FieldError> errors) {
        return String.join(" ", errors.stream().map(FormWords::sentence).map(FormWords::stopped).toList());
    }

    private static String stopped(String sentence) {
        return sentence.endsWith(".") ? sentence : sentence + ".";
    }
}
