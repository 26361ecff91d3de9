package dev.bellwether.dashboard;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The current tenant's KPI owners (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class KpiOwnerRepository implements PanacheRepositoryBase<KpiOwner, String> {
}
