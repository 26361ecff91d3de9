package dev.bellwether.health;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Row;
import dev.bellwether.platform.sql.Sql;
import dev.bellwether.tenant.TenantContext;

/**
 * The tenant's health-model versions. Until an admin saves one, the tenant uses docs/metrics.md's
 * default model, reported as version 0.
 */
@ApplicationScoped
public class HealthModelStore {

    /** A model with the version it is, who made it and when (null for the default). */
    public record Versioned(HealthModel model, int version, Instant createdAt, String createdBy, String createdByName,
            String note) {
    }

    private static final Versioned DEFAULT = new Versioned(HealthModel.defaults(), 0, null, null, null, null);

    @Inject
    ObjectMapper json;

    @Inject
    HealthModelVersionRepository versions;

    @Inject
    Database database;

    private static final String VERSIONS = "select version, model, created_at, created_by, created_by_name, note"
            + " from health_model where tenant_id = ?";
    private static final String SELECT = VERSIONS + " order by version desc";

    /**
     * The current tenant's current model. Read with the SQL helper, not a Panache query: pages ask on
     * every view, and Hibernate translates a query restricted by the tenant anew each time (measured:
     * 30 % of the account page's time); saving stays an entity.
     */
    public Versioned current() {
        return database.first(SELECT + " limit 1", this::versioned, TenantContext.require()).orElse(DEFAULT);
    }

    /**
     * The tenant's current model, read on {@code connection} (the engine's reads run on one connection
     * of their own transaction).
     */
    public Versioned current(Connection connection, String tenant) {
        return Sql.first(connection, SELECT + " limit 1", this::versioned, tenant).orElse(DEFAULT);
    }

    /**
     * Version {@code version} of the current tenant's model (0: the default), as it was saved: versions
     * are never changed, so what a snapshot was scored with can always be read again.
     */
    public HealthModel model(int version) {
        if (version == 0) {
            return DEFAULT.model();
        }
        return database.first(VERSIONS + " and version = ?", this::versioned, TenantContext.require(), version)
                .orElseThrow(() -> new IllegalStateException("No health model version " + version)).model();
    }

    /** Every version of the current tenant's model, newest first. */
    public List<Versioned> versions() {
        return database.query(SELECT, this::versioned, TenantContext.require());
    }

    private Versioned versioned(Row row) {
        return versioned(row.integer("version"), row.string("model"), row.instant("created_at"),
                row.string("created_by"), row.string("created_by_name"), row.string("note"));
    }

    /** Saves {@code model} as the current tenant's next version, in the caller's transaction; answers its number. */
    @Transactional(TxType.MANDATORY)
    public int save(HealthModel model, String user, String userName, String note) {
        Integer last = versions.getEntityManager()
                .createQuery("select max(v.version) from HealthModelVersion v", Integer.class).getSingleResult();
        HealthModelVersion version = new HealthModelVersion();
        version.version = last == null ? 1 : last + 1;
        version.model = write(HealthModelDocument.of(model, null, null, null));
        version.createdBy = user;
        version.createdByName = userName;
        version.note = note;
        versions.persistAndFlush(version);
        return version.version;
    }

    private Versioned versioned(int version, String stored, Instant createdAt, String createdBy, String createdByName,
            String note) {
        HealthModelDocument document;
        try {
            document = json.readValue(stored, HealthModelDocument.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored health model cannot be read", e);
        }
        HealthModelDocument.Parsed parsed = document.readStored(HealthModel.defaults());
        if (parsed.model() == null) {
            throw new IllegalStateException("A stored health model is invalid: " + parsed.problems());
        }
        return new Versioned(parsed.model(), version, createdAt, createdBy, createdByName, note);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
