package dev.bellwether.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.metrics.RecalculationQueue;
import dev.bellwether.metrics.RecalculationWorker;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** The current tenant's health model: reading it, and changing it (a new version and a recalculation). */
@ApplicationScoped
public class HealthModels {

    /** The outcome of a change: the new version, or the reasons the model was refused. */
    public record Change(int version, HealthModel model, List<String> problems) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    HealthModelStore store;

    @Inject
    RecalculationQueue recalculations;

    @Inject
    RecalculationWorker worker;

    @Inject
    CurrentUser user;

    @Inject
    AuditLog audit;

    @Inject
    ObjectMapper json;

    public HealthModelStore.Versioned current() {
        return read(connection -> store.current(connection, TenantContext.require()));
    }

    public List<HealthModelStore.Versioned> versions() {
        return read(connection -> store.versions(connection, TenantContext.require()));
    }

    /** Validates {@code document} against the current model and, when valid, saves it as a new version. */
    public Change change(HealthModelDocument document, String note) {
        String tenant = TenantContext.require();
        Change change = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                HealthModel current = store.current(connection, tenant).model();
                HealthModelDocument.Parsed parsed = document.toModel(current);
                if (!parsed.problems().isEmpty()) {
                    return new Change(0, null, parsed.problems());
                }
                int version = store.save(connection, tenant, parsed.model(), user.getUsername(), user.getName(), note);
                List<AuditDiff.Change> changes = AuditDiff.between(json, HealthModelDocument.of(current, null, null, null),
                        HealthModelDocument.of(parsed.model(), null, null, null));
                boolean alertsOnly = !changes.isEmpty() && changes.stream().allMatch(c -> c.field().startsWith("alerts."));
                audit.append(connection, new AuditLog.Entry(tenant, user.getUsername(), user.getName(),
                        alertsOnly ? AuditLog.ALERT_RULES : AuditLog.HEALTH_MODEL, "v" + version,
                        (alertsOnly ? "Changed alert rules, health model v" : "Saved health model v") + version
                                + (changes.isEmpty() ? " (no change)" : "") + (note == null ? "" : ": " + note), changes));
                recalculations.request(connection, tenant, "health-model");
                return new Change(version, parsed.model(), List.of());
            }
        });
        if (change.problems().isEmpty()) {
            worker.wake();
        }
        return change;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T read(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the health model", e);
        }
    }
}
