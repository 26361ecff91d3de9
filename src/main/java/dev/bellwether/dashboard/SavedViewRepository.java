package dev.bellwether.dashboard;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.RowMapper;
import dev.bellwether.tenant.TenantContext;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The current tenant's saved views (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class SavedViewRepository implements PanacheRepositoryBase<SavedView, UUID> {

    @Inject
    Database database;

    /**
     * {@code ownerEmail}'s views and every shared one, by name, each read by {@code mapper}. Read on every
     * load of the CSM page, so with plain SQL outside a transaction (a Hibernate session with its
     * transaction cost the page about a twentieth of its CPU), with the tenant named as Hibernate's
     * tenant filter would.
     */
    public <T> List<T> visibleTo(String ownerEmail, RowMapper<T> mapper) {
        return database.query("""
                select id, name, query, shared, owner_email from saved_view
                where tenant_id = ? and (owner_email = ? or shared) order by name, id""", mapper,
                TenantContext.require(), ownerEmail);
    }

    public long countOf(String ownerEmail) {
        return count("ownerEmail", ownerEmail);
    }

    public Optional<SavedView> named(String ownerEmail, String name) {
        // locked, as a share or a deletion locks it: a replace does not write over an admin's share made meanwhile
        return find("ownerEmail = ?1 and name = ?2", ownerEmail, name).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }
}
