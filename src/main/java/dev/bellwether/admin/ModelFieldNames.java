package dev.bellwether.admin;

import dev.bellwether.health.Measure;

/** The health-model page's fields ({@code w.usage}, {@code s.SMB.on}, …) as a person names them. */
final class ModelFieldNames {

    private ModelFieldNames() {
    }

    /**
     * A field as a person names it: "the healthy threshold", "Enterprise's usage weight", "no-contact on", "Seat
     * utilization's poor bound".
     */
    static String label(String field) {
        String[] parts = field.split("\\.");
        String last = parts[parts.length - 1];
        int first = field.indexOf('.');
        String middle = field.substring(first + 1, Math.max(first + 1, field.lastIndexOf('.')));
        return switch (parts[0]) {
            case "w" -> "the " + last + " weight";
            case "b" -> "healthy".equals(last) ? "the healthy threshold" : "the at-risk threshold";
            case "s" -> "on".equals(last) ? middle + "'s own weights" : middle + "'s " + last + " weight";
            case "a" -> "on".equals(last) ? "the " + middle + " rule on or off" : "the " + middle + " threshold";
            case "m" -> Measure.of(middle).map(Measure::label).orElse(middle) + ("poor".equals(last)
                    || "good".equals(last) ? "'s " + last + " bound" : "component".equals(last) ? "'s component"
                    : "'s choice without data");
            default -> field;
        };
    }
}
