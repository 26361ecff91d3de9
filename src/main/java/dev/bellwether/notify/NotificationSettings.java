package dev.bellwether.notify;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.alerts.AlertRule;
import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.sql.TransactionLocks;

/** Users' own notification settings: read, and changed with an audit entry in the same transaction. */
@ApplicationScoped
public class NotificationSettings {

    /** What a user chose: {@code {digest, immediate:[rule…]}} (docs/api.md). */
    public record Settings(DigestFrequency digest, List<String> immediate) {

        static final Settings DEFAULT = new Settings(DigestFrequency.OFF, List.of());
    }

    @Inject
    NotificationSettingRepository settings;

    @Inject
    UserDirectory users;

    @Inject
    AuditLog audit;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /** When the digests' morning run is (the cron of {@code Digests#everyMorning}). */
    @ConfigProperty(name = "bellwether.notifications.digest-cron", defaultValue = "0 0 7 * * ?")
    String digestCron;

    /** The user's settings (off and none until they choose). */
    @Transactional
    public Settings of(String username) {
        return settings.findByIdOptional(username).map(NotificationSettings::settings).orElse(Settings.DEFAULT);
    }

    /** Saves the user's settings (and who they are: the digest needs their email); audited when they changed. */
    @Transactional
    public Settings save(String tenant, UserDirectory.KnownUser user, DigestFrequency digest, List<AlertRule> rules) {
        takeTurn(tenant, user);
        users.record(tenant, user);
        return write(tenant, user, digest, rules, "");
    }

    /**
     * Switches {@code kind} emails (the digest, or every immediate alert email) off for each member of the current
     * tenant with the address {@code email}, as its one-click unsubscribe link asks ({@link UnsubscribeLinks});
     * their other choice stays. Audited as theirs. Answers how many members' settings changed (0 when they had
     * switched it off already, or no member has that address any more).
     */
    @Transactional
    public int unsubscribe(String tenant, OutboxKind kind, String email) {
        int changed = 0;
        for (UserDirectory.KnownUser user : users.all()) {
            if (!email.equalsIgnoreCase(user.email())) {
                continue;
            }
            takeTurn(tenant, user);
            Settings now = of(user.username());
            boolean wanted = kind == OutboxKind.DIGEST ? now.digest() != DigestFrequency.OFF
                    : !now.immediate().isEmpty();
            if (!wanted) {
                continue;
            }
            List<AlertRule> rules = kind == OutboxKind.ALERT ? List.of()
                    : now.immediate().stream().flatMap(key -> AlertRule.of(key).stream()).toList();
            write(tenant, user, kind == OutboxKind.DIGEST ? DigestFrequency.OFF : now.digest(), rules,
                    " (the unsubscribe link of an email)");
            changed++;
        }
        return changed;
    }

    /** A user's saves take turns: a double-clicked first save does not collide on the settings' key. */
    private void takeTurn(String tenant, UserDirectory.KnownUser user) {
        TransactionLocks.hold(settings.getEntityManager(),
                "bellwether.notifications:" + tenant + ":" + user.username());
    }

    private Settings write(String tenant, UserDirectory.KnownUser user, DigestFrequency digest, List<AlertRule> rules,
            String how) {
        NotificationSetting row = settings.findByIdOptional(user.username()).orElse(null);
        Settings before = row == null ? Settings.DEFAULT : settings(row);
        if (row == null) {
            row = new NotificationSetting();
            row.username = user.username();
        }
        row.digest = digest;
        row.immediate = rules.stream().sorted().map(AlertRule::key).distinct().toArray(String[]::new);
        row.updatedAt = clock.instant();
        settings.persist(row);
        if (before.digest() == DigestFrequency.OFF && digest != DigestFrequency.OFF && row.lastDigestAt != null) {
            // switched back on: its first digest covers the day or week before it, not everything since the last
            // one; nor what the last one already had (switched off and on within the day). That digest goes at the
            // next morning run: today's, or tomorrow's once today's has run
            LocalDate next = DigestRuns.nextDay(digestCron, clock.instant());
            while (!digest.dueOn(next, row.lastDigestOn)) {
                next = next.plusDays(1);
            }
            Instant start = digest.defaultStart(next).atStartOfDay().toInstant(ZoneOffset.UTC);
            settings.flush();
            // kept when it is later (the previous digest went out after that start); else moved up to that start:
            // a digest sent earlier than the morning run (an admin's "send due digests now") starts no earlier,
            // so it lists nothing the previous digest had
            settings.getEntityManager().createNativeQuery("update notification_setting set last_digest_at ="
                    + " greatest(last_digest_at, ?3) where tenant_id = ?1 and username = ?2")
                    .setParameter(1, tenant).setParameter(2, user.username()).setParameter(3, start).executeUpdate();
        }
        Settings after = settings(row);
        List<AuditDiff.Change> changes = AuditDiff.between(json, before, after);
        if (!changes.isEmpty()) {
            audit.append(new AuditLog.Entry(user.username(), user.name(), AuditKind.NOTIFICATIONS, user.username(),
                    "Notification settings: digest " + after.digest() + ", immediate "
                            + (after.immediate().isEmpty() ? "none" : String.join(", ", after.immediate())) + how,
                    changes));
        }
        return after;
    }

    private static Settings settings(NotificationSetting row) {
        return new Settings(row.digest, Arrays.asList(row.immediate));
    }
}
