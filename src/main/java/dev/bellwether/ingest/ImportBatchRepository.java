package dev.bellwether.ingest;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The current tenant's imports (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class ImportBatchRepository implements PanacheRepositoryBase<ImportBatch, UUID> {
}
