package dev.bellwether.notify;

import dev.bellwether.alerts.AlertRule;

/** How notifications name an alert rule. */
final class RuleLabels {

    private RuleLabels() {
    }

    static String label(AlertRule rule) {
        return rule.label();
    }

    static String label(String rule) {
        return AlertRule.of(rule).map(RuleLabels::label).orElse(rule);
    }
}
