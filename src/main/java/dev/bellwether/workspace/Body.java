package dev.bellwether.workspace;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.InvalidInput;
import dev.bellwether.platform.Text;
import dev.bellwether.web.Formats;

/**
 * A JSON request body read field by field, collecting what is wrong with each field instead of
 * failing on the first one (or answering a bare 400 for a number where text was expected). Fields the
 * endpoint does not know are refused, so a typo is never silently dropped. {@link #check()} throws
 * {@link InvalidInput} with every problem.
 */
final class Body {

    /** The characters of a stored email address ({@code varchar(512)}). */
    static final int ADDRESS_MAX = 512;

    private final JsonNode node;
    private final List<FieldError> errors = new ArrayList<>();
    /** Problems beyond the listed ones, only counted: a step of a million unknown fields builds no million errors. */
    private int unlisted;

    private Body(JsonNode node) {
        this.node = node;
    }

    /** {@code node} as an object whose fields are among {@code known}. */
    static Body of(JsonNode node, Set<String> known) {
        if (node == null || !node.isObject()) {
            throw new InvalidInput("body", "The body must be a JSON object");
        }
        Body body = new Body(node);
        body.errors.addAll(FieldError.unknown(node, known));
        return body;
    }

    boolean has(String field) {
        return node.has(field);
    }

    void error(String field, String message) {
        if (errors.size() < FieldError.MAX_LISTED) {
            errors.add(new FieldError(field, message));
        } else {
            unlisted++;
        }
    }

    /**
     * Text a change may leave out (null: no change), but that cannot be taken away: sent as null or blank it is
     * the error {@code blank}, never silently no change.
     */
    String change(String field, int max, String blank) {
        JsonNode value = node.get(field);
        if (value != null && (value.isNull() || value.isTextual() && value.asText().isBlank())) {
            error(field, blank);
            return null;
        }
        return text(field, false, max);
    }

    /**
     * Text of at most {@code max} characters, trimmed; null when absent, null or blank. Required, text that only
     * looks like something (characters that show as nothing, such as a no-break space alone) is missing too; an
     * optional field keeps it for its own check (an address holding one is refused, not taken as none).
     */
    String text(String field, boolean required, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isTextual()
                && (value.asText().isBlank() || required && Text.looksEmpty(value.asText()))) {
            if (required) {
                error(field, field + " is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            error(field, field + " must be text");
            return null;
        }
        String text = value.asText().strip();
        int characters = Text.characters(text);
        if (!Text.wellFormed(text)) {
            error(field, notACharacter(field));
            return null;
        }
        if (characters > max) {
            error(field, String.format(java.util.Locale.ROOT, "%s is at most %,d characters (it has %,d)", field, max,
                    characters));
            return null;
        }
        return text;
    }

    /** Why text with a lone surrogate is refused: the database would store "?" in its place, not what was sent. */
    static String notACharacter(String field) {
        return field + " " + Text.LONE_SURROGATE;
    }

    /** A date (YYYY-MM-DD) from {@code min} to {@code max}; null when absent (an error if required). */
    LocalDate date(String field, boolean required, LocalDate min, LocalDate max) {
        String text = text(field, required, 10);
        return text == null ? null : Dates.parse(field, text, min, max, this::error);
    }

    /** An email address (lower-cased), or null when absent. */
    String email(String field) {
        String text = text(field, false, ADDRESS_MAX);
        String address = text == null ? null : address(text);
        if (text != null && address == null) {
            error(field, addressProblem(field));
        }
        return address;
    }

    /**
     * What is wrong with a value {@link #address} refused: it is no check of an address's shape (see there), so
     * "must be an email address" was said of a zero-width space and of 513 characters alike.
     */
    static String addressProblem(String field) {
        return field + " must be an address with no character that shows as nothing, at most "
                + Formats.grouped(ADDRESS_MAX) + " characters";
    }

    /**
     * {@code text} (trimmed) as the lower-cased address stored, or null when it is empty, holds a character that
     * shows as nothing ({@link Text#hidden}), or is too long for the column once lower-cased ('İ' becomes 'i' and a
     * combining dot). That is the accounts import's rule for a {@code csm_email}, whose shape it does not check: a
     * task is assigned to the account's CSM by that value ({@code jsmith}, {@code cam@corp}, even {@code jane smith}),
     * and whatever the app assigns must be a value a person can filter by and assign back.
     */
    static String address(String text) {
        String lower = text.strip().toLowerCase(java.util.Locale.ROOT);
        boolean shown = !lower.isEmpty() && lower.codePoints().noneMatch(Text::hidden);
        return shown && Text.characters(lower) <= ADDRESS_MAX ? lower : null;
    }

    /** true or false; {@code otherwise} when absent. */
    boolean bool(String field, boolean otherwise) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            error(field, field + " must be true or false");
            return otherwise;
        }
        return value.asBoolean();
    }

    /** The array under {@code field}, empty when absent (an error if it is not an array). */
    List<JsonNode> array(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            error(field, field + " must be a list");
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    /**
     * What {@code checks} (the feature's own rules for the values read) answers, or {@link InvalidInput} once
     * with every problem: the body's, and the rules' for the fields the body found no fault with.
     */
    <T> T check(Supplier<T> checks) {
        List<FieldError> all = new ArrayList<>(errors);
        T checked = null;
        try {
            checked = checks.get();
        } catch (InvalidInput e) {
            Set<String> wrong = new HashSet<>();
            errors.forEach(error -> wrong.add(error.field()));
            e.errors().stream().filter(error -> !wrong.contains(error.field())).forEach(all::add);
        }
        if (!all.isEmpty()) {
            throw new InvalidInput(FieldError.listed(all, unlisted));
        }
        return checked;
    }

    /** Throws {@link InvalidInput} when any field was wrong. */
    void check() {
        if (!errors.isEmpty()) {
            throw new InvalidInput(FieldError.listed(errors, unlisted));
        }
    }

    /** Query parameters read the same way: every problem collected, then {@link #check()}. */
    static final class Query {

        private final List<FieldError> errors = new ArrayList<>();

        void error(String field, String message) {
            errors.add(new FieldError(field, message));
        }

        /** A whole number from {@code min} to {@code max}; {@code otherwise} when absent. */
        int integer(String field, String value, int min, int max, int otherwise) {
            if (value == null || value.isBlank()) {
                return otherwise;
            }
            try {
                int number = Integer.parseInt(value.strip());
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            error(field, field + " must be a whole number from " + min + " to " + max);
            return otherwise;
        }

        /** An email address, lower-cased. */
        String email(String field, String value) {
            String address = address(value);
            if (address == null) {
                error(field, field + " must be me or an email address");
            }
            return address;
        }

        boolean valid() {
            return errors.isEmpty();
        }

        void check() {
            if (!errors.isEmpty()) {
                throw new InvalidInput(errors);
            }
        }
    }

    /** Dates as the workspace takes them. */
    static final class Dates {

        interface Errors {
            void error(String field, String message);
        }

        private Dates() {
        }

        static LocalDate parse(String field, String text, LocalDate min, LocalDate max, Errors errors) {
            LocalDate date;
            try {
                date = LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                errors.error(field, field + " must be a date as YYYY-MM-DD, not \"" + text + "\"");
                return null;
            }
            if (min != null && date.isBefore(min) || max != null && date.isAfter(max)) {
                errors.error(field, field + " must lie between " + min + " and " + max);
                return null;
            }
            return date;
        }
    }
}
