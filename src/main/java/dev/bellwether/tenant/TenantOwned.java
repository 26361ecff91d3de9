package dev.bellwether.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import org.hibernate.annotations.TenantId;

/**
 * An entity of a tenant-owned table: its {@code tenant_id} column is Hibernate's tenant discriminator,
 * filled from {@link HibernateTenantResolver} on insert and added to every query, beside the row-level
 * security that {@link TenantConnectionInterceptor} sets on each connection. Tables' keys lead with
 * the tenant, so an entity's {@code @Id} is the rest of the key.
 */
@MappedSuperclass
public abstract class TenantOwned {

    @TenantId
    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;
}
