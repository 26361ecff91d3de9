package dev.bellwether.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One thing wrong with a request: the field or parameter (as the API names it) and what is wrong with it. */
public record FieldError(String field, String message) {

    /** The first message of each field, in the order of {@code problems}: what a form shows beside each field. */
    public static Map<String, String> firstByField(List<FieldError> problems) {
        Map<String, String> errors = new LinkedHashMap<>();
        problems.forEach(p -> errors.putIfAbsent(p.field(), p.message()));
        return errors;
    }
}
