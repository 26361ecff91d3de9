package dev.bellwether.web;

import dev.bellwether.alerts.AlertActions;
import io.quarkus.qute.TemplateExtension;

/**
 * How a page shows the sentence an alert action answered: {@code {flash.alertFlashClass}} is
 * {@code flash} (a status) when the action was done and {@code flash-error} (an error, announced
 * as an alert) when the user has something to fix, such as a snooze without a date.
 */
@TemplateExtension
public final class Flashes {

    private Flashes() {
    }

    /** The CSS class of an alert action's sentence. */
    public static String alertFlashClass(String flash) {
        return AlertActions.succeeded(flash) ? "flash" : "flash-error";
    }

    /** The ARIA role of an alert action's sentence: status, or alert for a mistake. */
    public static String alertFlashRole(String flash) {
        return AlertActions.succeeded(flash) ? "status" : "alert";
    }
}
