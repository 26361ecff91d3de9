package dev.bellwether.health;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import dev.bellwether.tenant.TenantOwned;

/** A row of {@code health_model} (V3): one saved version of a tenant's model. Key (tenant, version). */
@Entity
@Table(name = "health_model")
public class HealthModelVersion extends TenantOwned {

    @Id
    public Integer version;

    /** The model as a {@link HealthModelDocument} in JSON. */
    @ColumnTransformer(write = "?::jsonb")
    public String model;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_by_name")
    public String createdByName;

    public String note;
}
