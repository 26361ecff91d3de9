package dev.bellwether.health;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The current tenant's health-model versions (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class HealthModelVersionRepository implements PanacheRepositoryBase<HealthModelVersion, Integer> {
}
