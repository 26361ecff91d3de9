package dev.bellwether.alerts;

import java.sql.Connection;
import java.util.List;
import java.util.Objects;

/**
 * "These alerts have just opened": fired synchronously by {@link AlertSync} once per recalculation
 * that opened at least one alert, inside the transaction that saves the recalculation. Observers
 * (playbooks that turn an alert into tasks, notifications that queue an email or a webhook message)
 * write through {@link #connection()}, so what they write commits or rolls back with the alerts
 * themselves: an alert that opened once is announced once, and never again by later recalculations.
 *
 * @param connection the saving transaction's connection; observers must not close or commit it
 * @param tenant the tenant whose alerts opened
 * @param alerts the newly opened alerts, in id order
 */
public record AlertsOpened(Connection connection, String tenant, List<Opened> alerts) {

    public AlertsOpened {
        Objects.requireNonNull(connection);
        Objects.requireNonNull(tenant);
        alerts = List.copyOf(alerts);
    }

    /** One newly opened alert: its per-tenant id, account, rule and the detail it opened with. */
    public record Opened(long id, String accountId, AlertRule rule, String detail) {
    }
}
