package dev.bellwether.alerts;

import java.util.Arrays;
import java.util.Optional;

/** The six alert rules of docs/metrics.md, their default thresholds and what a threshold means. */
public enum AlertRule {
    AT_RISK("at-risk", null, "fires when the account's band is at risk (no threshold)"),
    HEALTH_DROP("health-drop", 15.0, "points of health lost against the previous month"),
    USAGE_DECLINE("usage-decline", -25.0, "usage trend at or below this percentage"),
    DETRACTOR("detractor", 6.0, "an NPS answer at or below this score in the last 30 days"),
    RENEWAL_RISK("renewal-risk", 90.0, "days until renewal, when the band is not healthy"),
    NO_CONTACT("no-contact", 60.0, "days without contact");

    private final String key;
    private final Double defaultThreshold;
    private final String thresholdMeaning;

    AlertRule(String key, Double defaultThreshold, String thresholdMeaning) {
        this.key = key;
        this.defaultThreshold = defaultThreshold;
        this.thresholdMeaning = thresholdMeaning;
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
