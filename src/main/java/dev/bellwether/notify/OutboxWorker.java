package dev.bellwether.notify;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

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
 * tenant, claims due messages with {@code FOR UPDATE SKIP LOCKED}, sends them and records the outcome
 * in the same transaction. So two workers (two app replicas) never send the same message; a crash
 * before the commit leaves the message pending for the next round. A failed attempt keeps the
 * message pending with its error and a next attempt after {@code backoff × 2^(attempts-1)} (at most
 * {@code max-backoff}); after {@code max-attempts} it is marked failed. A failure of the SMTP server
 * or a webhook never reaches the code that queued the message.
 */
@ApplicationScoped
public class OutboxWorker {

    private static final Logger LOG = Logger.getLogger(OutboxWorker.class);

    @Inject
    NotificationConfig config;

    @Inject
    Database database;

    @Inject
    MailSender mail;

    @Inject
    WebhookSender webhooks;

    @Inject
    @ManagedExecutorConfig(maxAsync = 1, propagated = {}, cleared = ThreadContext.ALL_REMAINING)
    @NamedInstance("outbox")
    ManagedExecutor executor;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean moreWork = new AtomicBoolean();
    private volatile boolean stopped;

    /** A claimed message. */
    private record Due(UUID id, OutboxKind kind, String recipient, String subject, String body, String html,
            int attempts) {
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
                    TenantContext.run(tenant, () -> sendDue(tenant));
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

    private List<String> tenantsWithDueMessages() {
        return database.query("select bw_tenants_with_due_messages() as tenant_id", row -> row.string("tenant_id"));
    }

    /** Sends the tenant's due messages, a batch per transaction, until none is due. */
    void sendDue(String tenant) {
        int sent;
        do {
            sent = QuarkusTransaction.requiringNew().timeout(600).call(() -> database.with(c -> sendBatch(c, tenant)));
        } while (sent == config.batchSize() && !stopped);
    }

    private int sendBatch(Connection connection, String tenant) {
        List<Due> due = Sql.query(connection, """
                select id, kind, recipient, subject, body, html, attempts from outbox
                where tenant_id = ? and status = 'pending' and next_attempt_at <= now()
                order by next_attempt_at, created_at limit ? for update skip locked""",
                row -> new Due(row.uuid("id"), row.word("kind", OutboxKind.class), row.string("recipient"),
                        row.string("subject"), row.string("body"), row.string("html"), row.integer("attempts")),
                tenant, config.batchSize());
        for (Due message : due) {
            try {
                deliver(message);
                Sql.update(connection, """
                        update outbox set status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = null
                        where tenant_id = ? and id = ?""", tenant, message.id());
            } catch (Exception e) {
                int attempts = message.attempts() + 1;
                boolean giveUp = attempts >= config.maxAttempts();
                LOG.warnf("Could not send outbox message %s (%s, attempt %d%s): %s", message.id(), message.kind(),
                        attempts, giveUp ? ", giving up" : "", reason(e));
                Sql.update(connection, """
                        update outbox set attempts = ?, last_error = ?, status = ?,
                               next_attempt_at = now() + make_interval(secs => ?)
                        where tenant_id = ? and id = ?""",
                        attempts, reason(e), giveUp ? OutboxStatus.FAILED : OutboxStatus.PENDING,
                        delay(attempts).toMillis() / 1000.0, tenant, message.id());
            }
        }
        return due.size();
    }

    private void deliver(Due message) throws Exception {
        if (message.kind() == OutboxKind.WEBHOOK) {
            webhooks.send(message.recipient(), message.body());
        } else {
            mail.send(message.recipient(), message.subject(), message.body(), message.html());
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

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }
}
