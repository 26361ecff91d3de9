package dev.bellwether.dashboard;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The current tenant's KPI targets (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class KpiTargetRepository implements PanacheRepositoryBase<KpiTarget, String> {
}
