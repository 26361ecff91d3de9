package dev.bellwether.alerts;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The current tenant's alerts, for the workflow's changes (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class StoredAlertRepository implements PanacheRepositoryBase<StoredAlert, Long> {
}
