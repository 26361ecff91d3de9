package dev.bellwether.feeds;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.bellwether.tenant.TenantOwned;

/** A row of {@code ingest_key} (V19): a named key a data feed sends events with. Key (tenant, id). */
@Entity
@Table(name = "ingest_key")
public class IngestKey extends TenantOwned {

    @Id
    public UUID id;

    public String name;

    /** HMAC-SHA256 of the secret ({@link IngestKeySigner}); the secret itself is never stored. */
    @Column(name = "key_hash")
    public byte[] keyHash;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;

    /** Written only by the events API ({@code FeedStaging}): a revoke saving the entity writes no older one back. */
    @Column(name = "last_used_at", insertable = false, updatable = false)
    public Instant lastUsedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** The page's form that created it (null from the API): a reload of the answer posts it again. */
    @Column(name = "form_request")
    public UUID formRequest;
}
