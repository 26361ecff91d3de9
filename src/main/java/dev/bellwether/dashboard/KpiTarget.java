package dev.bellwether.dashboard;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.bellwether.tenant.TenantOwned;

/** A row of {@code kpi_target} (V4): a tenant's own target of one tile's metric. Key (tenant, metric). */
@Entity
@Table(name = "kpi_target")
public class KpiTarget extends TenantOwned {

    /** The metric's key ({@code nrr}, {@code grr}, …). */
    @Id
    public String metric;

    public double target;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "updated_by")
    public String updatedBy;
}
