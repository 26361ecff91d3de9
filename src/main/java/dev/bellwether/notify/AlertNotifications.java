package dev.bellwether.notify;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.alerts.AlertsOpened;
import dev.bellwether.platform.Text;
import dev.bellwether.platform.sql.Sql;
import dev.bellwether.web.Formats;
import dev.bellwether.web.Links;

/**
 * Turns newly opened alerts into outbox messages, in the recalculation's saving transaction (so a
 * message exists exactly when its alert does, and a later recalculation never repeats it):
 * <ul>
 * <li>the tenant's webhook, when enabled, gets one Slack-compatible message per new alert of its rules;</li>
 * <li>each user who chose a rule for immediate email gets one email listing the new alerts of their
 * rules on the accounts they watch: a CSM their book (the accounts whose CSM email is their verified
 * email), an admin or executive every account of the tenant. Users without a verified email get none.</li>
 * </ul>
 * Writing happens under a savepoint: should it fail, the messages are dropped and logged, and the
 * recalculation and its alerts still commit.
 */
@ApplicationScoped
public class AlertNotifications {

    private static final Logger LOG = Logger.getLogger(AlertNotifications.class);

    /** Alerts listed in one immediate email; the rest are counted, with a link to the work list. */
    static final int ALERTS_PER_EMAIL = 50;

    @Inject
    NotificationConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    UnsubscribeLinks links;

    /** A new alert with its account's name and CSM. */
    record NewAlert(AlertsOpened.Opened alert, String accountName, String csmEmail) {

        /** The name on one line: it goes into subjects, plain-text lines and Slack's text ({@link Text#oneLine}). */
        NewAlert {
            accountName = accountName == null ? null : Text.oneLine(accountName);
        }

        /** The alert on one line, whatever its account's name holds ({@link Text#oneLine}). */
        String line() {
            return Text.oneLine(alert.rule().label() + " — " + accountName + " (" + alert.accountId() + ")"
                    + (alert.detail() == null || alert.detail().isBlank() ? "" : ": " + alert.detail()));
        }
    }

    private record AccountRef(String id, String name, String csmEmail) {
    }

    private record Subscriber(String email, boolean wholeTenant, Set<String> rules) {
    }

    void opened(@Observes AlertsOpened event) {
        Connection connection = event.connection();
        Sql.execute(connection, "savepoint notifications");
        try {
            List<Outbox.Message> messages = messages(connection, event);
            Outbox.queue(connection, event.tenant(), messages);
            Sql.execute(connection, "release savepoint notifications");
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not queue notifications of %d new alerts of tenant %s; the alerts stand",
                    event.alerts().size(), event.tenant());
            Sql.execute(connection, "rollback to savepoint notifications");
        }
    }

    private List<Outbox.Message> messages(Connection connection, AlertsOpened event) {
        String tenant = event.tenant();
        Map<String, AccountRef> accounts = new HashMap<>();
        Sql.query(connection, """
                select account_id, name, csm_email from account where tenant_id = ? and account_id = any(?)""",
                row -> new AccountRef(row.string("account_id"), row.string("name"), row.string("csm_email")),
                tenant, event.alerts().stream().map(AlertsOpened.Opened::accountId).distinct().toArray(String[]::new))
                .forEach(account -> accounts.put(account.id(), account));
        List<NewAlert> alerts = event.alerts().stream().map(a -> {
            AccountRef account = accounts.getOrDefault(a.accountId(),
                    new AccountRef(a.accountId(), a.accountId(), null));
            return new NewAlert(a, account.name(), account.csmEmail());
        }).toList();
        List<Outbox.Message> messages = new ArrayList<>(webhookMessages(connection, tenant, alerts));
        Instant created = UnsubscribeLinks.tenantCreated(connection, tenant);
        for (Subscriber subscriber : subscribers(connection, tenant)) {
            List<NewAlert> theirs = alerts.stream()
                    .filter(a -> subscriber.rules().contains(a.alert().rule().key()))
                    .filter(a -> subscriber.wholeTenant() || subscriber.email().equalsIgnoreCase(a.csmEmail()))
                    .toList();
            if (!theirs.isEmpty()) {
                messages.add(email(subscriber.email(), theirs,
                        links.url(tenant, created, OutboxKind.ALERT, subscriber.email())));
            }
        }
        return messages;
    }

    private List<Outbox.Message> webhookMessages(Connection connection, String tenant, List<NewAlert> alerts) {
        return Sql.first(connection, """
                select url, array_to_string(events, ',') as events from webhook where tenant_id = ? and enabled""",
                row -> new String[] {row.string("url"), row.string("events")}, tenant)
                .map(hook -> {
                    Set<String> rules = Set.copyOf(UserDirectory.roles(hook[1]));
                    return alerts.stream().filter(a -> rules.contains(a.alert().rule().key()))
                            .map(a -> new Outbox.Message(OutboxKind.WEBHOOK, hook[0],
                                    a.alert().rule().label() + " — " + a.accountName(), slack(a), null))
                            .toList();
                }).orElse(List.of());
    }

    private List<Subscriber> subscribers(Connection connection, String tenant) {
        return Sql.query(connection, """
                select u.email, array_to_string(u.roles, ',') as roles, array_to_string(s.immediate, ',') as rules
                from notification_setting s join tenant_user u on u.tenant_id = s.tenant_id and u.username = s.username
                where s.tenant_id = ? and cardinality(s.immediate) > 0 and u.email is not null and %s
                order by u.username""".formatted(UserDirectory.RECIPIENT),
                row -> {
                    List<String> roles = UserDirectory.roles(row.string("roles"));
                    boolean whole = new UserDirectory.KnownUser(null, null, null, roles).seesWholeTenant();
                    return new Subscriber(row.string("email"), whole,
                            Set.copyOf(UserDirectory.roles(row.string("rules"))));
                }, tenant);
    }

    /** The email to {@code to} announcing {@code alerts}, with the link that unsubscribes them from such emails. */
    Outbox.Message email(String to, List<NewAlert> alerts, String unsubscribe) {
        String subject = alerts.size() == 1 ? "New alert: " + alerts.get(0).alert().rule().label() + " — "
                + alerts.get(0).accountName() : Formats.grouped(alerts.size()) + " new alerts in Bellwether";
        StringBuilder text = new StringBuilder("New alerts on the accounts you follow:\n\n");
        StringBuilder html = new StringBuilder("<p>New alerts on the accounts you follow:</p>\n<ul>\n");
        for (NewAlert alert : alerts.subList(0, Math.min(alerts.size(), ALERTS_PER_EMAIL))) {
            String url = accountUrl(alert.alert().accountId());
            text.append("• ").append(alert.line()).append("\n  ").append(url).append("\n");
            html.append("<li><a href=\"").append(Html.escape(url)).append("\">").append(Html.escape(alert.line()))
                    .append("</a></li>\n");
        }
        if (alerts.size() > ALERTS_PER_EMAIL) {
            String more = "… and " + Formats.grouped(alerts.size() - ALERTS_PER_EMAIL)
                    + " more on your work list in Bellwether";
            String list = url("/csm");
            text.append(more).append(": ").append(list).append("\n");
            html.append("<li><a href=\"").append(Html.escape(list)).append("\">").append(Html.escape(more))
                    .append("</a></li>\n");
        }
        String settings = url("/settings/notifications");
        text.append("\nYou receive these because you chose them. Change that: ").append(settings)
                .append("\nUnsubscribe from alert emails: ").append(unsubscribe).append("\n");
        html.append("</ul>\n<p style=\"color:#52606d;font-size:.9em\">You receive these because you chose them. ")
                .append("<a href=\"").append(Html.escape(settings)).append("\">Change that</a> or <a href=\"")
                .append(Html.escape(unsubscribe)).append("\">unsubscribe from alert emails</a>.</p>\n");
        return new Outbox.Message(OutboxKind.ALERT, to, subject, text.toString(), Html.page(subject, html.toString()));
    }

    /** Slack's text format: {@code *bold*}, {@code <url|label>}, and {@code & < >} escaped in the words. */
    private String slack(NewAlert alert) {
        String text = "*" + alert.alert().rule().label() + "*: " + slackEscape(alert.accountName()) + " ("
                + slackEscape(alert.alert().accountId()) + ")"
                + (alert.alert().detail() == null ? "" : " — " + slackEscape(alert.alert().detail()))
                + " <" + accountUrl(alert.alert().accountId()) + "|Open in Bellwether>";
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", Text.oneLine(text));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("id", alert.alert().id());
        details.put("rule", alert.alert().rule().key());
        details.put("accountId", alert.alert().accountId());
        details.put("accountName", alert.accountName());
        details.put("detail", alert.alert().detail());
        payload.put("alert", details);
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String slackEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private String accountUrl(String accountId) {
        return url(Links.account(accountId));
    }

    private String url(String path) {
        return Text.withoutTrailing(config.publicUrl(), '/') + path;
    }
}
