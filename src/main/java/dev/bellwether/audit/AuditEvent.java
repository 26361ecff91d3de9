package dev.bellwether.audit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import dev.bellwether.tenant.TenantOwned;

/**
 * A row of {@code audit_event} (V5). Append only: the app's role has no UPDATE or DELETE on the
 * table, so an event is persisted once and never changed. {@code at} is set by the database.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends TenantOwned {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(insertable = false, updatable = false)
    public Instant at;

    public String actor;

    @Column(name = "actor_name")
    public String actorName;

    @Convert(converter = AuditKindConverter.class)
    public AuditKind kind;

    public String subject;

    public String summary;

    /** The changes as JSON ({@code [{"field":…,"before":…,"after":…}]}). */
    @ColumnTransformer(write = "?::jsonb")
    public String changes;
}
