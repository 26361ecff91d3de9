package dev.bellwether.workspace;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The current tenant's tasks (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class TaskRepository implements PanacheRepositoryBase<Task, UUID> {
}
