package dev.bellwether.health;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The tenant's health-model versions. Until an admin saves one, the tenant uses metrics.md's
 * default model, reported as version 0.
 */
@ApplicationScoped
public class HealthModelStore {

    /** A model with the version it is, who made it and when (null for the default). */
    public record Versioned(HealthModel model, int version, Instant createdAt, String createdBy, String createdByName,
            String note) {
    }

    @Inject
    ObjectMapper json;

    /** The tenant's current model. */
    public Versioned current(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select version, model, created_at, created_by, created_by_name, note from health_model
                where tenant_id = ? order by version desc limit 1""")) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return new Versioned(HealthModel.defaults(), 0, null, null, null, null);
                }
                return read(rows);
            }
        }
    }

    /** Every version, newest first. */
    public List<Versioned> versions(Connection connection, String tenant) throws SQLException {
        List<Versioned> versions = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select version, model, created_at, created_by, created_by_name, note from health_model
                where tenant_id = ? order by version desc""")) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    versions.add(read(rows));
                }
            }
        }
        return versions;
    }

    /** Saves {@code model} as the tenant's next version, in the caller's transaction; answers its number. */
    public int save(Connection connection, String tenant, HealthModel model, String user, String userName, String note)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into health_model (tenant_id, version, model, created_by, created_by_name, note)
                select ?, coalesce(max(version), 0) + 1, ?::jsonb, ?, ?, ? from health_model where tenant_id = ?
                returning version""")) {
            statement.setString(1, tenant);
            statement.setString(2, write(HealthModelDocument.of(model, null, null, null)));
            statement.setString(3, user);
            statement.setString(4, userName);
            statement.setString(5, note);
            statement.setString(6, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private Versioned read(ResultSet rows) throws SQLException {
        HealthModelDocument document;
        try {
            document = json.readValue(rows.getString(2), HealthModelDocument.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored health model cannot be read", e);
        }
        HealthModelDocument.Parsed parsed = document.toModel(HealthModel.defaults());
        if (parsed.model() == null) {
            throw new IllegalStateException("A stored health model is invalid: " + parsed.problems());
        }
        return new Versioned(parsed.model(), rows.getInt(1), rows.getTimestamp(3).toInstant(), rows.getString(4),
                rows.getString(5), rows.getString(6));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
