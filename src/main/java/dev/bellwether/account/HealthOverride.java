package dev.bellwether.account;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.bellwether.health.Band;
import dev.bellwether.tenant.TenantOwned;

/** A row of {@code health_override} (V5): a CSM's band for one account, until a date. Key (tenant, account). */
@Entity
@Table(name = "health_override")
public class HealthOverride extends TenantOwned {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Convert(converter = BandConverter.class)
    public Band band;

    public String reason;

    @Column(name = "set_on")
    public LocalDate setOn;

    @Column(name = "expires_on")
    public LocalDate expiresOn;

    @Column(name = "set_by")
    public String setBy;

    @Column(name = "set_by_name")
    public String setByName;

    @Column(name = "set_at")
    public Instant setAt;
}
