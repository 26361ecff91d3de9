package dev.bellwether.dashboard;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

/** The current tenant's saved views (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class SavedViewRepository implements PanacheRepositoryBase<SavedView, UUID> {

    /** {@code ownerEmail}'s views and every shared one, by name. */
    public List<SavedView> visibleTo(String ownerEmail) {
        return list("ownerEmail = ?1 or shared = true", Sort.ascending("name", "id"), ownerEmail);
    }

    public long countOf(String ownerEmail) {
        return count("ownerEmail", ownerEmail);
    }

    public Optional<SavedView> named(String ownerEmail, String name) {
        return find("ownerEmail = ?1 and name = ?2", ownerEmail, name).firstResultOptional();
    }
}
