package dev.bellwether.audit;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

/** The current tenant's audit events (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class AuditEventRepository implements PanacheRepository<AuditEvent> {
}
