package dev.bellwether.dashboard;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.bellwether.tenant.TenantOwned;

/**
 * A row of {@code saved_view} (V18): a person's named filters of the CSM page (its query string),
 * visible to them alone unless an admin shares it with the tenant. Key (tenant, id).
 */
@Entity
@Table(name = "saved_view")
public class SavedView extends TenantOwned {

    @Id
    public UUID id;

    /** The owner's verified e-mail, lower case. */
    @Column(name = "owner_email")
    public String ownerEmail;

    public String name;

    /** The CSM page's query string without its page ({@code scope=all&band=at_risk}). */
    public String query;

    public boolean shared;

    @Column(name = "created_at")
    public Instant createdAt;
}
