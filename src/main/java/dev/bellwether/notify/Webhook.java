package dev.bellwether.notify;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.bellwether.tenant.TenantOwned;

/** The tenant's one webhook ({@code webhook}, V16): where new alerts of the chosen rules are POSTed. */
@Entity
@Table(name = "webhook")
public class Webhook extends TenantOwned {

    /** Always 1: a tenant has one webhook. */
    @Id
    public Short id = 1;

    public String url;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] events = new String[0];

    public boolean enabled;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "updated_by")
    public String updatedBy;
}
