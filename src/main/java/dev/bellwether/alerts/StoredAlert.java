package dev.bellwether.alerts;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.bellwether.tenant.TenantOwned;

/**
 * A row of {@code alert} (V3) as the CSM's workflow changes it. The engine opens and resolves alerts
 * with set-based SQL ({@link AlertSync}); the lists read them joined with their accounts ({@link AlertBook}).
 */
@Entity
@Table(name = "alert")
public class StoredAlert extends TenantOwned {

    @Id
    public Long id;

    @Column(name = "account_id", insertable = false, updatable = false)
    public String accountId;

    @Column(insertable = false, updatable = false)
    public String rule;

    @Convert(converter = AlertStatusConverter.class)
    public AlertStatus status;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "acknowledged_by")
    public String acknowledgedBy;

    @Column(name = "snoozed_until")
    public LocalDate snoozedUntil;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "resolved_by")
    public String resolvedBy;

    /** The latest note, of any action (the alert's {@code note} in the API). */
    public String note;

    /** The note given when it was acknowledged (or first snoozed), for the account's timeline; null without one. */
    @Column(name = "acknowledged_note")
    public String acknowledgedNote;

    /** The note given when it was resolved (the engine's remark when it resolved it), for the timeline. */
    @Column(name = "resolved_note")
    public String resolvedNote;
}
