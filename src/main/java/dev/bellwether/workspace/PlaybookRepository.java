package dev.bellwether.workspace;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The current tenant's playbooks (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class PlaybookRepository implements PanacheRepositoryBase<Playbook, String> {
}
