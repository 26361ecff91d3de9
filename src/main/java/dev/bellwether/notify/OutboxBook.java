package dev.bellwether.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/** The tenant's outbox as admins see it, newest first, and the one change they make to it (retry). */
@ApplicationScoped
public class OutboxBook {

    /** One message: {@code [{id, to, kind, subject, status, attempts, createdAt, sentAt, lastError}]}. */
    public record Entry(UUID id, String to, OutboxKind kind, String subject, OutboxStatus status, int attempts,
            Instant createdAt, Instant sentAt, String lastError, Instant nextAttemptAt) {

        public boolean failed() {
            return status == OutboxStatus.FAILED;
        }
    }

    /** How many messages of each status the outbox holds; {@code failedLately}: failed, made in the last week. */
    public record Counts(long pending, long sent, long failed, long failedLately) {
    }

    /** How far back "Send the failed this week again" reaches: an outage's messages, not a months-old digest. */
    static final Duration LATELY = Duration.ofDays(7);

    /**
     * The messages "Send the failed this week again" queues (?1 failed, ?2 a week ago): not those set aside as no
     * longer to be sent ("Not sent: ..."), which no server failed.
     */
    private static final String FAILED_LATELY = "status = ?1 and createdAt > ?2"
            + " and (lastError is null or lastError not like '" + OutboxWorker.NOT_SENT + "%')";

    @Inject
    OutboxMessageRepository messages;

    @Inject
    AuditLog audit;

    @Inject
    OutboxWorker worker;

    @Inject
    Clock clock;

    /** The newest {@code limit} messages, of one status or (null) all. */
    @Transactional
    public List<Entry> list(OutboxStatus status, int limit) {
        Sort newest = Sort.descending("createdAt", "id");
        var query = status == null ? messages.findAll(newest) : messages.find("status", newest, status);
        return query.page(Page.ofSize(limit)).list().stream().map(OutboxBook::entry).toList();
    }

    @Transactional
    public Counts counts() {
        return new Counts(messages.count("status", OutboxStatus.PENDING), messages.count("status", OutboxStatus.SENT),
                messages.count("status", OutboxStatus.FAILED), messages.count(FAILED_LATELY,
                        OutboxStatus.FAILED, clock.instant().minus(LATELY)));
    }

    /** What "Send again" did. */
    public enum Retry {
        /** The failed message is queued for another round of attempts. */
        QUEUED,
        /**
         * A message set aside unsent ("Not sent: …": its recipient left or switched that email off, the webhook moved)
         * is queued again: it goes out if that no longer holds, else it is set aside again at once.
         */
        QUEUED_SET_ASIDE,
        /** It was not failed (any more): queued again already (a double click, another admin) or sent. */
        NOT_FAILED,
        /** The tenant has no such message. */
        MISSING
    }

    /** Puts a failed message back in the queue for another round of attempts. */
    @Transactional
    public Retry retry(UUID id, String actor, String actorName) {
        OutboxMessage message = messages.findByIdOptional(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .orElse(null);
        if (message == null) {
            return Retry.MISSING;
        }
        if (message.status != OutboxStatus.FAILED) {
            return Retry.NOT_FAILED;
        }
        boolean setAside = message.lastError != null && message.lastError.startsWith(OutboxWorker.NOT_SENT);
        message.status = OutboxStatus.PENDING;
        message.roundStartedAtAttempt = message.attempts; // a new round; attempts keeps counting every try
        message.nextAttemptAt = clock.instant();
        audit.append(new AuditLog.Entry(actor, actorName, AuditKind.OUTBOX, id.toString(),
                "Outbox: " + message.kind + " to " + message.recipient + " queued again after it failed ("
                        + message.lastError + ")", List.of()));
        return setAside ? Retry.QUEUED_SET_ASIDE : Retry.QUEUED;
    }

    /**
     * Puts every message that failed and was made in the last week back in the queue for another round of
     * attempts, as after an outage longer than the attempts of a message last; answers how many.
     */
    @Transactional
    public int retryFailed(String actor, String actorName) {
        Instant now = clock.instant();
        int queued = messages.update("status = ?3, roundStartedAtAttempt = attempts, nextAttemptAt = ?4 where "
                + FAILED_LATELY,
                OutboxStatus.FAILED, now.minus(LATELY), OutboxStatus.PENDING, now);
        if (queued > 0) {
            audit.append(new AuditLog.Entry(actor, actorName, AuditKind.OUTBOX, "failed", "Outbox: " + queued
                    + (queued == 1 ? " failed message" : " failed messages") + " queued again", List.of()));
        }
        return queued;
    }

    /** Wakes the worker after a retry has committed. */
    public void wake() {
        worker.wake();
    }

    private static Entry entry(OutboxMessage m) {
        return new Entry(m.id, m.recipient, m.kind, m.subject, m.status, m.attempts, m.createdAt, m.sentAt,
                m.lastError, m.status == OutboxStatus.PENDING ? m.nextAttemptAt : null);
    }
}
