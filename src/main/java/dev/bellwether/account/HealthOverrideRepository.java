package dev.bellwether.account;

import java.time.LocalDate;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The current tenant's health overrides (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class HealthOverrideRepository implements PanacheRepositoryBase<HealthOverride, String> {

    /** The account's override while it is in force on {@code today}. */
    public Optional<HealthOverride> inForce(String accountId, LocalDate today) {
        return find("accountId = ?1 and expiresOn >= ?2", accountId, today).firstResultOptional();
    }
}
