package dev.bellwether.notify;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.alerts.AlertRule;
import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.sql.TransactionLocks;
import dev.bellwether.tenant.TenantContext;

/** The tenant's webhook: read, and replaced with an audit entry in the same transaction. */
@ApplicationScoped
public class Webhooks {

    /** {@code {url, events:[rule…], enabled}} (docs/api.md). */
    public record Settings(String url, List<String> events, boolean enabled) {

        static final Settings NONE = new Settings(null, List.of(), false);
    }

    @Inject
    WebhookRepository webhooks;

    @Inject
    AuditLog audit;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Transactional
    public Settings current() {
        return webhooks.findByIdOptional((short) 1).map(Webhooks::settings).orElse(Settings.NONE);
    }

    @Transactional
    public Settings save(String actor, String actorName, String url, List<AlertRule> events, boolean enabled) {
        // saves take turns: two admins saving the first webhook at once do not collide on its key
        TransactionLocks.hold(webhooks.getEntityManager(), "bellwether.webhook:" + TenantContext.require());
        Webhook row = webhooks.findByIdOptional((short) 1).orElse(null);
        Settings before = row == null ? Settings.NONE : settings(row);
        if (row == null) {
            row = new Webhook();
        }
        row.url = url.strip();
        row.events = events.stream().sorted().map(AlertRule::key).toArray(String[]::new);
        row.enabled = enabled;
        row.updatedAt = clock.instant();
        row.updatedBy = actor;
        webhooks.persist(row);
        Settings after = settings(row);
        List<AuditDiff.Change> changes = AuditDiff.between(json, before, after);
        if (!changes.isEmpty()) {
            audit.append(new AuditLog.Entry(actor, actorName, AuditKind.WEBHOOK, "webhook",
                    "Webhook " + (enabled ? "on" : "off") + ": " + after.url() + " for "
                            + (after.events().isEmpty() ? "no rules" : String.join(", ", after.events())),
                    changes));
        }
        return after;
    }

    private static Settings settings(Webhook row) {
        return new Settings(row.url, Arrays.asList(row.events), row.enabled);
    }
}
