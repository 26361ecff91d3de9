package dev.bellwether.platform;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

/** Where in a JSON body its reader stopped, as the error messages say it. */
public final class JsonPlace {

    private JsonPlace() {
    }

    /** What follows a JSON document's first value, as the messages say it (readers refuse it). */
    public static final String AFTER_THE_VALUE = "a second value follows the first (send one JSON value)";

    /** Whether Jackson refused what follows the first value ({@code FAIL_ON_TRAILING_TOKENS}). */
    public static boolean trailing(JsonProcessingException e) {
        return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token");
    }

    /** The place of the value a mapping failed on, e.g. {@code weights.usage} or {@code measures[2].poor}. */
    public static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** " (line 1, column 24)", or "" when the reader gave no line. */
    public static String of(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr()
                + ")";
    }
}
