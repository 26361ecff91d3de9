package dev.bellwether.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import dev.bellwether.health.Component;
import dev.bellwether.health.Measure;
import dev.bellwether.web.Formats;

/**
 * The health model's problems, as the API words them with the document's paths ("weights.usage is negative",
 * "measures.seatUtilization: poor and good bounds are equal"), in the words of the editor's labels ("Usage weight
 * is negative") and with the names of the fields they are about ({@code w.usage}): the page marks those fields and
 * ties each to its problem.
 */
public final class ModelProblems {

    /** A problem as the editor shows it: its element's id, its text, and the names of the fields it is about. */
    public record Problem(String id, String text, List<String> names) {
    }

    private ModelProblems() {
    }

    /** {@code problems} of a draft whose segments are {@code segments}; ids are {@code prefix-0}, {@code prefix-1}… */
    public static List<Problem> of(List<String> problems, List<String> segments, String prefix) {
        List<String> longestFirst = new ArrayList<>(segments);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        List<Problem> worded = new ArrayList<>();
        for (String problem : problems) {
            worded.add(one(prefix + "-" + worded.size(), problem, longestFirst));
        }
        return worded;
    }

    private static Problem one(String id, String problem, List<String> segments) {
        if (problem.startsWith("segmentWeights.")) {
            String after = problem.substring("segmentWeights.".length());
            for (String segment : segments) {
                if (after.startsWith(segment) && after.length() > segment.length()) {
                    return segment(id, segment, after.substring(segment.length()));
                }
            }
            return new Problem(id, problem, List.of());
        }
        int end = 0;
        while (end < problem.length() && problem.charAt(end) != ':' && problem.charAt(end) != ' ') {
            end++;
        }
        String rest = problem.substring(end);
        String[] path = problem.substring(0, end).split("\\.");
        return switch (path[0]) {
            case "weights" -> path.length == 1
                    ? new Problem(id, "Component weights" + rest, componentNames("w."))
                    : new Problem(id, component(path[1]) + " weight" + rest, List.of("w." + path[1]));
            case "measures" -> path.length == 1 ? new Problem(id, problem, List.of()) : measure(id, path, rest);
            case "bands" -> path.length == 1
                    ? new Problem(id, "Bands" + rest, List.of("b.healthy", "b.atRisk"))
                    : new Problem(id, ("healthy".equals(path[1]) ? "Healthy from" : "At risk below") + rest,
                            List.of("b." + path[1]));
            case "alerts" -> path.length == 1 ? new Problem(id, problem, List.of())
                    : new Problem(id, "The " + path[1] + " threshold" + (rest.startsWith(": the threshold ")
                            ? rest.substring(": the threshold".length()) : rest),
                            List.of("a." + path[1] + ".threshold"));
            default -> new Problem(id, problem, List.of());
        };
    }

    private static Problem segment(String id, String segment, String rest) {
        if (rest.startsWith(".")) { // "SMB.usage is negative"
            int end = rest.indexOf(' ', 1) < 0 ? rest.length() : rest.indexOf(' ', 1);
            int colon = rest.indexOf(':');
            end = colon > 0 && colon < end ? colon : end;
            String key = rest.substring(1, end);
            return new Problem(id, segment + "'s " + component(key).toLowerCase(Locale.ROOT) + " weight"
                    + rest.substring(end), List.of("s." + segment + "." + key));
        }
        return new Problem(id, segment + "'s weights" + rest, componentNames("s." + segment + "."));
    }

    private static Problem measure(String id, String[] path, String rest) {
        String label = Measure.of(path[1]).map(Measure::label).orElse(path[1]);
        if (path.length > 2) { // measures.seatUtilization.poor: the field left empty
            return new Problem(id, label + ", " + path[2] + " bound" + rest, List.of("m." + path[1] + "." + path[2]));
        }
        // a component or a choice without data that is not one (a hand-made post) marks its own select
        String field = rest.startsWith(": unknown component") ? "component" : rest.startsWith(": missing") ? "missing"
                : null;
        return new Problem(id, label + rest, field != null ? List.of("m." + path[1] + "." + field)
                : List.of("m." + path[1] + ".poor", "m." + path[1] + ".good"));
    }

    private static String component(String key) {
        return Formats.capitalize(key);
    }

    private static List<String> componentNames(String prefix) {
        return Arrays.stream(Component.values()).map(c -> prefix + c.key()).toList();
    }
}
