package dev.bellwether.testing;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compares an expected JSON value with an actual one: numbers within a tolerance, nulls as nulls (a field left out
 * is no null), the rest exactly.
 */
public final class JsonCompare {

    private JsonCompare() {
    }

    /** Adds a line to {@code mismatches} for every difference under {@code path}. */
    public static void compare(String path, JsonNode want, JsonNode got, double tolerance, List<String> mismatches) {
        if (want == null || want.isNull()) {
            if (got != null && !got.isNull()) {
                mismatches.add(path + ": expected null, got " + got);
            }
            return;
        }
        if (got == null || got.isNull()) {
            mismatches.add(path + ": expected " + want + ", got null");
            return;
        }
        if (want.isNumber()) {
            if (!got.isNumber() || Math.abs(want.asDouble() - got.asDouble()) > tolerance) {
                mismatches.add(path + ": expected " + want + ", got " + got);
            }
        } else if (want.isArray()) {
            if (!got.isArray() || got.size() != want.size()) {
                mismatches.add(path + ": expected " + want.size() + " items, got " + got);
                return;
            }
            for (int i = 0; i < want.size(); i++) {
                compare(path + "[" + i + "]", want.get(i), got.get(i), tolerance, mismatches);
            }
        } else if (want.isObject()) {
            if (!got.isObject()) {
                mismatches.add(path + ": expected an object, got " + got);
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                // a field left out is not a field that is null: the contract writes an undefined figure as null
                if (!got.has(e.getKey())) {
                    mismatches.add(path + "." + e.getKey() + ": missing");
                } else {
                    compare(path + "." + e.getKey(), e.getValue(), got.get(e.getKey()), tolerance, mismatches);
                }
            }
        } else if (!want.equals(got)) {
            mismatches.add(path + ": expected " + want + ", got " + got);
        }
    }
}
