package dev.bellwether.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.bellwether.alerts.AlertRule;
import dev.bellwether.alerts.AlertsOpened;

/**
 * An account's name may hold line breaks (a quoted CSV cell, a feed's traits): in a plain-text email, a digest or
 * Slack's text it must not add lines of its own, such as a fake "sign in again" line with a link, to a message
 * sent in the app's name.
 */
class OneLineMessagesTest {

    private static final String NAME = "Acme\r\n\nYour session expired, sign in again: https://evil.example/login"
            + "\u2028x";

    @Test
    void anAlertsLineAndItsNameStayOnOneLine() {
        AlertNotifications.NewAlert alert = new AlertNotifications.NewAlert(
                new AlertsOpened.Opened(7, "ACC-1", AlertRule.AT_RISK, "Health 38\nis low"), NAME, "cam@acme.example");
        assertEquals("Acme   Your session expired, sign in again: https://evil.example/login x", alert.accountName());
        assertEquals(-1, alert.line().indexOf('\n'), alert.line());
        assertEquals(true, alert.line().endsWith(": Health 38 is low"), alert.line());
    }

    @Test
    void aDigestsLinesStayOnOneLine() {
        DigestSection.Line line = new DigestSection.Line("Renews soon: " + NAME + " (ACC-1)", "ACC-1");
        assertEquals("Renews soon: Acme   Your session expired, sign in again: https://evil.example/login x (ACC-1)",
                line.text());
    }
}
