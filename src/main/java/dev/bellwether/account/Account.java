package dev.bellwether.account;

import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.bellwether.tenant.TenantOwned;

/**
 * A customer account of a tenant. The table's key is (tenant_id, account_id); Hibernate sees
 * account_id as the id because every session is bound to one tenant by {@code @TenantId}.
 */
@Entity
@Table(name = "account")
public class Account extends TenantOwned {

    @Id
    @Column(name = "account_id")
    public String accountId;

    public String name;

    public String segment;

    public String industry;

    public String plan;

    @Column(name = "csm_email")
    public String csmEmail;

    @Column(name = "customer_since")
    public LocalDate customerSince;

    @Column(name = "renewal_date")
    public LocalDate renewalDate;

    @Column(name = "licensed_seats")
    public Integer licensedSeats;

    @Column(name = "first_value_date")
    public LocalDate firstValueDate;
}
