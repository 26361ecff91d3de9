package dev.bellwether.feeds;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

/** The current tenant's ingest keys (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class IngestKeyRepository implements PanacheRepositoryBase<IngestKey, UUID> {

    /** Every key, revoked ones too, newest first. */
    public List<IngestKey> all() {
        return listAll(Sort.descending("createdAt").and("id"));
    }
}
