package dev.bellwether.alerts;

/** An alert rule that holds for an account at the reporting month, and why. */
public record AlertHit(String accountId, AlertRule rule, String detail) {
}
