package dev.bellwether.dashboard;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.bellwether.tenant.TenantOwned;

/** A row of {@code kpi_owner} (V14): who owns one KPI of a tenant, how often they review it, when they last did. */
@Entity
@Table(name = "kpi_owner")
public class KpiOwner extends TenantOwned {

    /** The KPI's key ({@link Kpi#key()}). */
    @Id
    public String metric;

    @Column(name = "owner_email")
    public String ownerEmail;

    /** {@link ReviewCadence#key()}. */
    public String cadence;

    @Column(name = "reviewed_on")
    public LocalDate reviewedOn;

    /** The day the current owner was given the KPI (V47); null without an owner. */
    @Column(name = "owner_since")
    public LocalDate ownerSince;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "updated_by")
    public String updatedBy;
}
