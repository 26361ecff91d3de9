package dev.bellwether.alerts;

/** An alert rule switched on or off, with its threshold (null for at-risk, which has none). */
public record AlertSetting(AlertRule rule, boolean enabled, Double threshold) {

    /** A threshold of −0 is 0: the same setting, whatever sign a zero was typed with. */
    public AlertSetting {
        threshold = threshold == null ? null : threshold + 0.0;
    }

    /** The rule on, at its default threshold. */
    public static AlertSetting defaultOf(AlertRule rule) {
        return new AlertSetting(rule, true, rule.defaultThreshold());
    }
}
