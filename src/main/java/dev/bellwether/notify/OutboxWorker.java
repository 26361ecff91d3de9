package dev.bellwether.notify;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

import dev.bellwether.platform.Text;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Sql;
import dev.bellwether.tenant.TenantContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.context.api.ManagedExecutorConfig;
import io.smallrye.context.api.NamedInstance;

/**
 * Sends the outbox. Every few seconds (and when woken) it asks which tenants have a message due
 * ({@code bw_tenants_with_due_messages()}, the one query that sees every tenant) and then, as each
 * tenant, claims a due message with {@code FOR UPDATE SKIP LOCKED}, sends it and records the outcome
 * in the same transaction, one message per transaction: so two workers (two app replicas) never send
 * the same message, a crash before the commit leaves only that message pending for the next round,
 * and a message is shown sent as soon as it is, whatever the next one does. A round takes at most
 * {@code batch-size} messages of each tenant before it turns to the next one, so one tenant's backlog
 * does not hold back the others' messages. A failed attempt keeps the message pending with its error
 * and a next attempt after {@code backoff × 2^(attempts-1)} (at most {@code max-backoff}); after
 * {@code max-attempts} it is marked failed. A failure of the SMTP server or a webhook never reaches
 * the code that queued the message.
 */
@ApplicationScoped
public class OutboxWorker {

    private static final Logger LOG = Logger.getLogger(OutboxWorker.class);

    /** How every reason for setting a message aside unsent begins. */
    static final String NOT_SENT = "Not sent: ";
    /** Why a webhook message was dropped unsent (the outbox page shows it). */
    static final String NOT_SENT_WEBHOOK_CHANGED = NOT_SENT + "the webhook was switched off or given another address"
            + " after this message was queued";
    /** Why an email was dropped unsent: its recipient no longer wants that kind, or is no longer there. */
    static final String NOT_SENT_SWITCHED_OFF = NOT_SENT + "the recipient switched this kind of email off after"
            + " this message was written";
    static final String NOT_SENT_NOT_A_MEMBER = NOT_SENT + "no member of the organisation who may get it has this"
            + " address any more (switched off, removed, or their address changed after this message was queued)";

    @Inject
    NotificationConfig config;

    @Inject
    Database database;

    @Inject
    MailSender mail;

    @Inject
    WebhookSender webhooks;

    @Inject
    UnsubscribeLinks unsubscribe;

    @Inject
    @ManagedExecutorConfig(maxAsync = 1, propagated = {}, cleared = ThreadContext.ALL_REMAINING)
    @NamedInstance("outbox")
    ManagedExecutor executor;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean moreWork = new AtomicBoolean();
    private volatile boolean stopped;

    /** A claimed message: {@code attempts} in all, {@code round} of them since its last "Send again". */
    private record Due(UUID id, OutboxKind kind, String recipient, String subject, String body, String html,
            int attempts, int round) {
    }

    /** Looks for due messages now. */
    public void wake() {
        if (!config.enabled() || stopped) {
            return;
        }
        moreWork.set(true);
        if (draining.compareAndSet(false, true)) {
            executor.runAsync(this::drain);
        }
    }

    @Scheduled(every = "${bellwether.notifications.poll:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    private void drain() {
        try {
            while (moreWork.getAndSet(false) && !stopped) {
                for (String tenant : tenantsWithDueMessages()) {
                    if (sendDueOrLog(tenant) == config.batchSize()) {
                        moreWork.set(true);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("The outbox worker failed; it will look for messages again", e);
        } finally {
            draining.set(false);
        }
        if (moreWork.get() && !stopped) {
            wake();
        }
    }

    /** {@link #sendDue}, a failure logged: one tenant's trouble never holds back another's messages. */
    private int sendDueOrLog(String tenant) {
        try {
            return TenantContext.call(tenant, () -> sendDue(tenant));
        } catch (RuntimeException e) {
            LOG.errorf(e, "The outbox worker failed on tenant %s's messages; it will try them again", tenant);
            return 0;
        }
    }

    private List<String> tenantsWithDueMessages() {
        return database.query("select bw_tenants_with_due_messages() as tenant_id", row -> row.string("tenant_id"));
    }

    /**
     * Sends up to {@code batch-size} of the tenant's due messages, each in a transaction of its own, for at most
     * its turn ({@code turn}: the next message is not started after it), and answers how many.
     */
    int sendDue(String tenant) {
        long ends = System.nanoTime() + config.turn().toNanos();
        int handled = 0;
        while (handled < config.batchSize() && !stopped && QuarkusTransaction.requiringNew().timeout(600)
                .call(() -> database.with(c -> sendOne(c, tenant)))) {
            handled++;
            if (System.nanoTime() - ends >= 0) {
                moreWork.set(true); // its turn is over: the other tenants' messages go first, then its own again
                break;
            }
        }
        return handled;
    }

    /**
     * Claims the tenant's next due message, tries it and records the outcome; false when none is due, or when the
     * tenant was suspended since the round listed it (a round can last minutes: its messages wait).
     */
    private boolean sendOne(Connection connection, String tenant) {
        Optional<Due> due = Sql.first(connection, """
                select id, kind, recipient, subject, body, html, attempts,
                       attempts - round_started_at_attempt as round from outbox
                where tenant_id = ? and status = 'pending' and next_attempt_at <= now()
                  and exists (select 1 from tenant t where t.id = outbox.tenant_id and t.status = 'active')
                order by next_attempt_at, created_at limit 1 for update skip locked""",
                row -> new Due(row.uuid("id"), row.word("kind", OutboxKind.class), row.string("recipient"),
                        row.string("subject"), row.string("body"), row.string("html"), row.integer("attempts"),
                        row.integer("round")),
                tenant);
        if (due.isEmpty()) {
            return false;
        }
        Due message = due.get();
        Optional<String> dropped = unsendable(connection, tenant, message);
        if (dropped.isPresent()) {
            Sql.update(connection, """
                    update outbox set status = 'failed', last_error = ? where tenant_id = ? and id = ?""",
                    dropped.get(), tenant, message.id());
            return true;
        }
        // clock_timestamp(), not now(): the transaction began before the send, which may have taken a minute
        try {
            deliver(connection, tenant, message);
            Sql.update(connection, """
                    update outbox set status = 'sent', sent_at = clock_timestamp(), attempts = attempts + 1,
                           last_error = null
                    where tenant_id = ? and id = ?""", tenant, message.id());
        } catch (Exception e) {
            int attempts = message.attempts() + 1;
            int round = message.round() + 1; // the limit and the waits count the round's attempts
            boolean giveUp = round >= config.maxAttempts() || DeliveryFailure.isFinal(e);
            // at least as long as the webhook asked, at most the longest wait (its own Retry-After may say a day)
            Duration backoff = delay(round);
            Duration wait = DeliveryFailure.waitAsked(e).filter(asked -> asked.compareTo(backoff) > 0)
                    .map(asked -> asked.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : asked)
                    .orElse(backoff);
            LOG.warnf("Could not send outbox message %s (%s, attempt %d%s): %s", message.id(), message.kind(),
                    attempts, giveUp ? ", giving up" : "", reason(e));
            Sql.update(connection, """
                    update outbox set attempts = ?, last_error = ?, status = ?,
                           next_attempt_at = clock_timestamp() + make_interval(secs => ?)
                    where tenant_id = ? and id = ?""",
                    attempts, reason(e), giveUp ? OutboxStatus.FAILED : OutboxStatus.PENDING,
                    wait.toMillis() / 1000.0, tenant, message.id());
        }
        return true;
    }

    /** Why {@code message} is no longer to be sent, if it is not: its webhook or its recipient is gone. */
    private static Optional<String> unsendable(Connection connection, String tenant, Due message) {
        if (message.kind() == OutboxKind.WEBHOOK) {
            return webhookStillThere(connection, tenant, message.recipient()) ? Optional.empty()
                    : Optional.of(NOT_SENT_WEBHOOK_CHANGED);
        }
        if (!stillAMember(connection, tenant, message.recipient())) {
            return Optional.of(NOT_SENT_NOT_A_MEMBER);
        }
        return stillWanted(connection, tenant, message) ? Optional.empty() : Optional.of(NOT_SENT_SWITCHED_OFF);
    }

    /**
     * Whether the tenant's webhook is still on and still posts to {@code url}: a message queued for it before an
     * admin switched it off or pointed it elsewhere is not sent (its retries and "Send again" included).
     */
    private static boolean webhookStillThere(Connection connection, String tenant, String url) {
        return Sql.first(connection, "select 1 as one from webhook where tenant_id = ? and enabled and url = ?",
                row -> row.integer("one"), tenant, url).isPresent();
    }

    /**
     * Whether someone of the tenant still has the address {@code email} and may be sent mail: an email queued for a
     * member disabled, removed or left without a role since (a retry, "Send again", one that waited through a
     * suspension) is not sent.
     */
    private static boolean stillAMember(Connection connection, String tenant, String email) {
        return Sql.first(connection, "select 1 as one from tenant_user u where u.tenant_id = ? and u.email = ? and "
                + UserDirectory.RECIPIENT + " limit 1", row -> row.integer("one"), tenant, email).isPresent();
    }

    /**
     * Whether the recipient still asks for this kind of mail: a digest while their digest is on, an alert email
     * while they take any alert by email. One who switched it off since (a retry, "Send again" after an outage)
     * gets nothing they no longer want.
     */
    private static boolean stillWanted(Connection connection, String tenant, Due message) {
        String wants = message.kind() == OutboxKind.DIGEST ? "s.digest <> 'off'" : "cardinality(s.immediate) > 0";
        return Sql.first(connection, "select 1 as one from notification_setting s join tenant_user u"
                + " on u.tenant_id = s.tenant_id and u.username = s.username where s.tenant_id = ? and u.email = ? and "
                + wants + " limit 1", row -> row.integer("one"), tenant, message.recipient()).isPresent();
    }

    private void deliver(Connection connection, String tenant, Due message) throws Exception {
        if (message.kind() == OutboxKind.WEBHOOK) {
            webhooks.send(message.recipient(), message.body());
        } else {
            mail.send(message.recipient(), message.subject(), message.body(), message.html(), message.id(),
                    unsubscribe.url(tenant, UnsubscribeLinks.tenantCreated(connection, tenant), message.kind(),
                            message.recipient()));
        }
    }

    /** The wait before attempt {@code attempts + 1}: backoff doubled per earlier failure, capped. */
    Duration delay(int attempts) {
        return delay(config.backoff(), config.maxBackoff(), attempts);
    }

    static Duration delay(Duration backoff, Duration max, int attempts) {
        Duration delay = backoff.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /**
     * What the outbox records of a failure: the root cause's message, kept printable and short (a webhook's answer
     * can hold a NUL, which PostgreSQL does not store).
     */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return Text.printable(message, 500);
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }
}
