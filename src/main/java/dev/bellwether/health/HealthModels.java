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

    /**
     * The outcome of a change: the new version, or the reasons the model was refused; {@code saved}
     * is false when the model equals the one in use (no version, no recalculation).
     */
    public record Change(int version, HealthModel model, List<String> problems, boolean saved) {
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
        HealthModelStore.Versioned inUse = store.current();
        HealthModel current = inUse.model();
        HealthModelDocument.Parsed parsed = document.toModel(current);
        if (!parsed.problems().isEmpty()) {
            return new Change(0, null, parsed.problems(), false);
        }
        if (parsed.model().equals(current)) {
            return new Change(inUse.version(), current, List.of(), false);
        }
        int version = store.save(parsed.model(), user.getUsername(), user.getName(), note);
        List<AuditDiff.Change> changes = AuditDiff.between(json, HealthModelDocument.of(current, null, null, null),
                HealthModelDocument.of(parsed.model(), null, null, null));
        boolean alertsOnly = !changes.isEmpty() && changes.stream().allMatch(c -> c.field().startsWith("alerts."));
        audit.append(new AuditLog.Entry(user.getUsername(), user.getName(),
                alertsOnly ? AuditKind.ALERT_RULES : AuditKind.HEALTH_MODEL, "v" + version,
                (alertsOnly ? "Changed alert rules, health model v" : "Saved health model v") + version
                        + (note == null ? "" : ": " + note), changes));
        recalculations.fire(new RecalculationRequested(tenant, "health-model"));
        return new Change(version, parsed.model(), List.of(), true);
    }
}
