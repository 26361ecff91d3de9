package dev.bellwether.notify;

import dev.bellwether.alerts.AlertRule;

/** How notifications name an alert rule. */
final class RuleLabels {

    private RuleLabels() {
    }

    static String label(AlertRule rule) {
        return switch (rule) {
            case AT_RISK -> "At risk";
            case HEALTH_DROP -> "Health drop";
            case USAGE_DECLINE -> "Usage decline";
            case DETRACTOR -> "Detractor";
            case RENEWAL_RISK -> "Renewal risk";
            case NO_CONTACT -> "No contact";
        };
    }

    static String label(String rule) {
        return AlertRule.of(rule).map(RuleLabels::label).orElse(rule);
    }
}
