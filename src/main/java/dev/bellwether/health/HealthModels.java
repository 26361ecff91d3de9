package dev.bellwether.health;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.RecalculationRequested;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantContext;

/**
 * The current tenant's health model: reading it, and changing it (a new version, an audit entry and a
 * {@link RecalculationRequested}, all in one transaction).
 */
@ApplicationScoped
public class HealthModels {

    /** The outcome of a change: the new version, or the reasons the model was refused. */
    public record Change(int version, HealthModel model, List<String> problems) {
    }

    @Inject
    HealthModelStore store;

    @Inject
    Event<RecalculationRequested> recalculations;

    @Inject
    CurrentUser user;

    @Inject
    AuditLog audit;

    @Inject
    ObjectMapper json;

    public HealthModelStore.Versioned current() {
        return store.current();
    }

    public List<HealthModelStore.Versioned> versions() {
        return store.versions();
    }

    /** Validates {@code document} against the current model and, when valid, saves it as a new version. */
    @Transactional(TxType.REQUIRES_NEW)
    public Change change(HealthModelDocument document, String note) {
        String tenant = TenantContext.require();
        HealthModel current = store.current().model();
        HealthModelDocument.Parsed parsed = document.toModel(current);
        if (!parsed.problems().isEmpty()) {
            return new Change(0, null, parsed.problems());
        }
        int version = store.save(parsed.model(), user.getUsername(), user.getName(), note);
        List<AuditDiff.Change> changes = AuditDiff.between(json, HealthModelDocument.of(current, null, null, null),
                HealthModelDocument.of(parsed.model(), null, null, null));
        boolean alertsOnly = !changes.isEmpty() && changes.stream().allMatch(c -> c.field().startsWith("alerts."));
        audit.append(new AuditLog.Entry(user.getUsername(), user.getName(),
                alertsOnly ? AuditKind.ALERT_RULES : AuditKind.HEALTH_MODEL, "v" + version,
                (alertsOnly ? "Changed alert rules, health model v" : "Saved health model v") + version
                        + (changes.isEmpty() ? " (no change)" : "") + (note == null ? "" : ": " + note), changes));
        recalculations.fire(new RecalculationRequested(tenant, "health-model"));
        return new Change(version, parsed.model(), List.of());
    }
}
