package dev.bellwether.notify;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.bellwether.tenant.TenantOwned;

/**
 * A row of {@code outbox} (V16) as admins read it and act on it. Messages are written by
 * {@link Outbox} in their cause's transaction and sent by {@link OutboxWorker}.
 */
@Entity
@Table(name = "outbox")
public class OutboxMessage extends TenantOwned {

    @Id
    public UUID id;

    public String recipient;

    @Convert(converter = OutboxKindConverter.class)
    public OutboxKind kind;

    public String subject;

    public String body;

    public String html;

    @Convert(converter = OutboxStatusConverter.class)
    public OutboxStatus status;

    /** How many times sending was tried, in all its rounds. */
    public int attempts;

    /** {@link #attempts} when its current round began ("Send again"): the worker's limit counts from there. */
    @Column(name = "round_started_at_attempt")
    public int roundStartedAtAttempt;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "last_error")
    public String lastError;
}
