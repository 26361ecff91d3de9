package dev.bellwether.web;

import org.jboss.resteasy.reactive.RestForm;

/**
 * The acknowledge / snooze / resolve form of an alert (tags/alertActions.html): the action, an
 * optional note, the date a snooze lasts until and, on the CSM page, the scope of the panel to
 * answer. {@link dev.bellwether.alerts.AlertActions} checks the values and says what went wrong.
 */
public record AlertActionForm(@RestForm String action, @RestForm String note, @RestForm String until,
        @RestForm String scope) {
}
