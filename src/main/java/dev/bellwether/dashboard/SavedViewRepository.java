package dev.bellwether.dashboard;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.bellwether.tenant.TenantContext;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The current tenant's saved views (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class SavedViewRepository implements PanacheRepositoryBase<SavedView, UUID> {

    /**
     * {@code ownerEmail}'s views and every shared one, by name. Read on every load of the CSM page, so
     * in SQL (see {@code PlaybookRepository#byName}: Hibernate would translate its own query again on
     * each call), with the tenant named as Hibernate's tenant filter would.
     */
    @SuppressWarnings("unchecked")
    public List<SavedView> visibleTo(String ownerEmail) {
        return getEntityManager().createNativeQuery("select * from saved_view where tenant_id = :tenant"
                + " and (owner_email = :owner or shared) order by name, id", SavedView.class)
                .setParameter("tenant", TenantContext.require()).setParameter("owner", ownerEmail).getResultList();
    }

    public long countOf(String ownerEmail) {
        return count("ownerEmail", ownerEmail);
    }

    public Optional<SavedView> named(String ownerEmail, String name) {
        return find("ownerEmail = ?1 and name = ?2", ownerEmail, name).firstResultOptional();
    }
}
