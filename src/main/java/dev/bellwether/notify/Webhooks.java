package dev.bellwether.notify;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiFunction;

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
        takeTurn();
        return write(actor, actorName, url, events, enabled);
    }

    /** Saves take turns: two admins saving the first webhook at once do not collide on its key. */
    private void takeTurn() {
        TransactionLocks.hold(webhooks.getEntityManager(), "bellwether.webhook:" + TenantContext.require());
    }

    /** Writes the webhook and audits what changed; the caller has taken its turn. */
    private Settings write(String actor, String actorName, String url, List<AlertRule> events, boolean enabled) {
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

    /**
     * Saves what the page's form changed since it was {@code opened}: a field (the URL, the rules, enabled) typed
     * otherwise than the page showed replaces the stored one; one left as shown keeps what another admin saved
     * meanwhile (the whole form replaced it: a webhook they had switched off went on again, unseen). A URL and an
     * enabled that come together only so are checked by {@code check} first (a URL typed for a webhook that was off,
     * switched on meanwhile): its problem, nothing saved, when it has one.
     */
    @Transactional
    public Optional<String> saveChanged(String actor, String actorName, Settings opened, String url,
            List<AlertRule> events, boolean enabled, BiFunction<String, Boolean, Optional<String>> check) {
        takeTurn();
        Settings now = current();
        boolean urlTyped = now.url() == null || !url.strip().equals(Objects.toString(opened.url(), "").strip());
        boolean eventsTyped = !new TreeSet<>(events.stream().map(AlertRule::key).toList())
                .equals(new TreeSet<>(opened.events()));
        List<AlertRule> kept = now.events().stream().map(AlertRule::of).flatMap(Optional::stream).toList();
        String savedUrl = urlTyped ? url : now.url();
        boolean savedEnabled = enabled != opened.enabled() ? enabled : now.enabled();
        if (!savedUrl.equals(url) || savedEnabled != enabled) {
            Optional<String> problem = check.apply(savedUrl, savedEnabled);
            if (problem.isPresent()) {
                return problem;
            }
        }
        write(actor, actorName, savedUrl, eventsTyped ? events : kept, savedEnabled);
        return Optional.empty();
    }

    private static Settings settings(Webhook row) {
        return new Settings(row.url, Arrays.asList(row.events), row.enabled);
    }
}
