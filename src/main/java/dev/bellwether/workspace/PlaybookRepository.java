package dev.bellwether.workspace;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * The current tenant's playbooks (Hibernate adds the tenant to every query). The list every CSM page
 * shows is read with plain SQL instead ({@link Playbooks#list}).
 */
@ApplicationScoped
public class PlaybookRepository implements PanacheRepositoryBase<Playbook, String> {
}
