package dev.bellwether.alerts;

import java.util.Arrays;
import java.util.Optional;

/** The six alert rules of docs/metrics.md, their default thresholds and what a threshold means. */
public enum AlertRule {
    AT_RISK("at-risk", null, "fires when the account's band is at risk (no threshold)", 0, 0, false),
    HEALTH_DROP("health-drop", 15.0, "points of health lost against the previous month, or more", 0, 100, false),
    USAGE_DECLINE("usage-decline", -25.0, "usage trend at or below this percentage", -100, 100, false),
    DETRACTOR("detractor", 6.0, "an NPS answer at or below this score in the 30 days to the reporting month's end",
            0, 10, false),
    RENEWAL_RISK("renewal-risk", 90.0,
            "renewal within this many days after the reporting month's end, the band not healthy", 0, 3650, true),
    NO_CONTACT("no-contact", 60.0, "more than this many days without contact at the reporting month's end", 0, 3650,
            true);

    private final String key;
    private final Double defaultThreshold;
    private final String thresholdMeaning;
    private final double lowest;
    private final double highest;
    private final boolean days;

    AlertRule(String key, Double defaultThreshold, String thresholdMeaning, double lowest, double highest,
            boolean days) {
        this.key = key;
        this.defaultThreshold = defaultThreshold;
        this.thresholdMeaning = thresholdMeaning;
        this.lowest = lowest;
        this.highest = highest;
        this.days = days;
    }

    /** The rule as people read it: "At risk", "Health drop" (its key's words, the first capitalised). */
    public String label() {
        String words = key.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The label of the rule {@code key} names; the key itself when it names none. */
    public static String label(String key) {
        return of(key).map(AlertRule::label).orElse(key);
    }

    /**
     * Why {@code threshold} cannot be this rule's, or empty: it lies in the range its measure can take (health
     * points 0–100, a usage trend from −100 %, an NPS score 0–10, up to ten years of days), days are whole.
     */
    public Optional<String> thresholdProblem(double threshold) {
        if (this == AT_RISK) {
            return Optional.empty();
        }
        if (Double.isNaN(threshold) || threshold < lowest || threshold > highest
                || days && threshold != Math.rint(threshold)) {
            return Optional.of("the threshold must be " + (days ? "a whole number of days" : "a number") + " from "
                    + whole(lowest) + " to " + whole(highest) + " (" + thresholdMeaning + ")");
        }
        return Optional.empty();
    }

    private static String whole(double value) {
        return Long.toString((long) value);
    }

    public String key() {
        return key;
    }

    public Double defaultThreshold() {
        return defaultThreshold;
    }

    public String thresholdMeaning() {
        return thresholdMeaning;
    }

    public static Optional<AlertRule> of(String key) {
        return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
    }
}
