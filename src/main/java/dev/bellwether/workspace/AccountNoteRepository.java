package dev.bellwether.workspace;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The current tenant's notes and logged activities (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class AccountNoteRepository implements PanacheRepositoryBase<AccountNote, UUID> {
}
