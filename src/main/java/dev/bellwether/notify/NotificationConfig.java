package dev.bellwether.notify;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the notifications (docs/deployment.md, "Email and webhooks"). */
@ConfigMapping(prefix = "bellwether.notifications")
public interface NotificationConfig {

    /** Whether the outbox worker sends (off: messages stay pending). */
    @WithDefault("true")
    boolean enabled();

    /** How often the outbox worker looks for due messages (it is also woken after a digest run). */
    @WithDefault("10s")
    Duration poll();

    /** When the due digests are queued (a Quartz-style cron, UTC): every morning at 07:00 by default. */
    @WithDefault("0 0 7 * * ?")
    String digestCron();

    /** Attempts before a message is marked failed. */
    @WithDefault("8")
    int maxAttempts();

    /** The wait after the first failed attempt; it doubles with each further one. */
    @WithDefault("30s")
    Duration backoff();

    /** The longest wait between two attempts, however many failed. */
    @WithDefault("1h")
    Duration maxBackoff();

    /** The most messages of one tenant the worker sends before it turns to the next tenant with messages due. */
    @WithDefault("20")
    int batchSize();

    /**
     * How long one tenant's turn may last before the worker turns to the next tenant with messages due: a webhook
     * that never answers takes its whole timeout per attempt, and twenty of them held every other tenant's mail back.
     */
    @WithDefault("15s")
    Duration turn();

    /** How long the worker waits for the SMTP server to accept one email before counting the attempt failed. */
    @WithDefault("60s")
    Duration mailTimeout();

    /** How long the worker waits for a webhook's answer before counting the attempt failed. */
    @WithDefault("10s")
    Duration webhookTimeout();

    /** The app's address as its users reach it, for links in emails and webhook messages. */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** The secret the emails' unsubscribe links are signed with ({@link UnsubscribeLinks}). */
    String unsubscribeSecret();

    /** Whether webhook URLs may point at loopback, private or link-local addresses (local runs only). */
    @WithDefault("false")
    boolean webhookAllowPrivate();

    /** Whether webhook URLs must use https (production). */
    @WithDefault("true")
    boolean webhookRequireHttps();
}
