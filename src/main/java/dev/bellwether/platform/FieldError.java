package dev.bellwether.platform;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** One thing wrong with a request: the field or parameter (as the API names it) and what is wrong with it. */
public record FieldError(String field, String message) {

    /**
     * The most problems one answer lists: a body of millions of wrong items (a 10 MB list of unknown rules,
     * a million misspelt fields) gets a short answer, not an error object per item built on the heap.
     */
    public static final int MAX_LISTED = 50;

    /**
     * {@code errors} as an answer lists them: the first {@link #MAX_LISTED}, then one entry (field {@code body})
     * counting the rest and the {@code unlisted} a collector only counted. A list of one more than the most stays
     * whole (so a list already counted is not counted again).
     */
    public static List<FieldError> listed(List<FieldError> errors, int unlisted) {
        // one more than the most is kept whole: it is the count a collector already added, or one problem more
        if (unlisted == 0 && errors.size() <= MAX_LISTED + 1) {
            return List.copyOf(errors);
        }
        int more = errors.size() - MAX_LISTED + unlisted;
        List<FieldError> listed = new ArrayList<>(errors.subList(0, Math.min(errors.size(), MAX_LISTED)));
        listed.add(new FieldError("body", "and " + more + " more problems"));
        return List.copyOf(listed);
    }

    /** The first message of each field, in the order of {@code problems}: what a form shows beside each field. */
    public static Map<String, String> firstByField(List<FieldError> problems) {
        Map<String, String> errors = new LinkedHashMap<>();
        problems.forEach(p -> errors.putIfAbsent(p.field(), p.message()));
        return errors;
    }

    /**
     * One error for each field of the JSON object {@code body} that is not among {@code known}, naming the ones that
     * are: a misspelt field must be refused, not silently dropped while the rest is written.
     */
    public static List<FieldError> unknown(JsonNode body, Set<String> known) {
        List<FieldError> errors = new ArrayList<>();
        int more = 0;
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (known.contains(name)) {
                continue;
            }
            if (errors.size() < UNKNOWN_LISTED) {
                errors.add(new FieldError(name, name + " " + notAField(known)));
            } else {
                more++;
            }
        }
        if (more > 0) {
            errors.add(new FieldError("body", "and " + more + " more fields that are not fields here"));
        }
        return errors;
    }

    /** The unknown fields one answer names, before it only counts the rest. */
    static final int UNKNOWN_LISTED = 20;

    /** What {@link #unknown} says of a field, without its name: for a caller whose messages never repeat it. */
    public static String notAField(Set<String> known) {
        return "is not a field here (expected " + String.join(", ", known.stream().sorted().toList()) + ")";
    }
}
