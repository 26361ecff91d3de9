package dev.bellwether.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import jakarta.ws.rs.WebApplicationException;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.health.HealthModelStore.Versioned;
import dev.bellwether.platform.RecalculationRequested;
import dev.bellwether.platform.sql.TransactionLocks;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantContext;

/**
 * The current tenant's health model: reading it, and changing it (a new version, an audit entry and a
 * {@link RecalculationRequested}, all in one transaction).
 */
@ApplicationScoped
public class HealthModels {

    /** How long a change waits for another save of the tenant's model to end. */
    static final int TURN_WAIT_SECONDS = 5;

    /**
     * The outcome of a change: the new version, or the reasons the model was refused; {@code saved}
     * is false when the model equals the one in use (no version, no recalculation).
     */
    public record Change(int version, HealthModel model, List<String> problems, boolean saved, Versioned savedSince) {

        /** Refused: {@code now} was saved after the version the change was made on. */
        static Change stale(Versioned now) {
            return new Change(now.version(), now.model(), List.of(), false, now);
        }

        /** Whether the change was refused because the model changed under it ({@link Base}). */
        public boolean stale() {
            return savedSince != null;
        }
    }

    /**
     * The version a change was made on, so one made on an older version is refused rather than
     * undoing what was saved in between. {@code exact}: the model in use must still be that version
     * (the API's {@code If-Match}); otherwise only the sections the change sends must be as they were
     * in it (an editor that sends the alert rules does not clash with a weights change made meanwhile).
     */
    public record Base(int version, boolean exact) {
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

    @Inject
    EntityManager em;

    public Versioned current() {
        return store.current();
    }

    public List<Versioned> versions() {
        return store.versions();
    }

    /**
     * Whether a version saved changed how the score is made (weights, measures, bands or a segment's weights): one
     * that changed only alert rules, saved on the alert rules page, is no review of the model.
     */
    public boolean scoringChanged() {
        HealthModel previous = store.model(0);
        List<Versioned> saved = new ArrayList<>(store.versions());
        Collections.reverse(saved); // oldest first: each against the one before it
        for (Versioned version : saved) {
            HealthModel model = version.model();
            if (!model.weights().equals(previous.weights()) || !model.measures().equals(previous.measures())
                    || !model.bands().equals(previous.bands())
                    || !model.segmentWeights().equals(previous.segmentWeights())) {
                return true;
            }
            previous = model;
        }
        return false;
    }

    /** The version of the model a form was opened on ({@code base}; null: none), if there is one (0: the default). */
    public Optional<HealthModel> opened(Base base) {
        if (base == null || base.version() < 0 || base.version() > store.current().version()) {
            return Optional.empty();
        }
        return Optional.of(store.model(base.version()));
    }

    /**
     * Validates {@code document} against the current model and, when valid, saves it as a new version.
     * Saves take turns (a tenant's saves read the model in use under one lock), so two at once cannot
     * both build on the same version; {@code base} (null: none) refuses a change made on an older one. A save
     * waits at most {@value #TURN_WAIT_SECONDS} s for its turn: an import carrying a {@code health-model.json}
     * holds it until the import ends, minutes for a large one (409 then, nothing saved).
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Change change(HealthModelDocument document, String note, Base base) {
        return save(document, note, base, true);
    }

    /**
     * As {@link #change} without a base, in the caller's transaction: an import that carries an export's
     * {@code health-model.json} saves it with its rows, all or nothing. The import asks for the recalculation
     * itself, when the model was saved ({@link Change#saved()}): one request, which its history names.
     */
    @Transactional(TxType.MANDATORY)
    public Change adopt(HealthModelDocument document, String note) {
        return save(document, note, null, false);
    }

    /** The problems {@code document} has against the model in use; none when it can be saved. */
    public List<String> problems(HealthModelDocument document) {
        return document.toModel(store.current().model()).problems();
    }

    private Change save(HealthModelDocument document, String note, Base base, boolean recalculate) {
        String tenant = TenantContext.require();
        String turn = "bellwether.health-model:" + tenant;
        if (recalculate) {
            try {
                TransactionLocks.hold(em, turn, Duration.ofSeconds(TURN_WAIT_SECONDS));
            } catch (TransactionLocks.WaitExpired e) {
                throw new WebApplicationException("Your organisation's health model is being written (an import"
                        + " carries one): save again once it ends. Nothing was changed.", e, 409);
            }
        } else {
            TransactionLocks.hold(em, turn);
        }
        Versioned inUse = store.current();
        HealthModel current = inUse.model();
        if (base != null && (base.version() < 0 || base.version() > inUse.version())) {
            return new Change(0, null, List.of("base: there is no health-model version " + base.version()), false,
                    null);
        }
        HealthModelDocument.Parsed parsed = document.toModel(current);
        // what is asked for is in use already (a save sent twice, a retry of one that worked): nothing to save,
        // whatever version it was made on; it read as another admin's change made meanwhile, the person's own
        if (parsed.problems().isEmpty() && parsed.model().equals(current)) {
            return new Change(inUse.version(), current, List.of(), false, null);
        }
        if (base != null && base.version() != inUse.version() && (base.exact()
                || changedSince(document, store.model(base.version()), current))) {
            return Change.stale(inUse);
        }
        if (!parsed.problems().isEmpty()) {
            return new Change(0, null, parsed.problems(), false, null);
        }
        int version = store.save(parsed.model(), user.getUsername(), user.getName(), note);
        List<AuditDiff.Change> changes = AuditDiff.between(json, HealthModelDocument.of(current, null, null, null),
                HealthModelDocument.of(parsed.model(), null, null, null));
        boolean alertsOnly = !changes.isEmpty() && changes.stream().allMatch(c -> c.field().startsWith("alerts."));
        audit.append(new AuditLog.Entry(user.getUsername(), user.getName(),
                alertsOnly ? AuditKind.ALERT_RULES : AuditKind.HEALTH_MODEL, "v" + version,
                (alertsOnly ? "Changed alert rules, health model v" : "Saved health model v") + version
                        + (note == null ? "" : ": " + note), changes));
        if (recalculate) {
            recalculations.fire(new RecalculationRequested(tenant, "health-model"));
        }
        return new Change(version, parsed.model(), List.of(), true, null);
    }

    /** Whether a section {@code document} sends differs between the model it was made on and the one in use. */
    private static boolean changedSince(HealthModelDocument document, HealthModel base, HealthModel current) {
        HealthModelDocument then = HealthModelDocument.of(base, null, null, null);
        HealthModelDocument now = HealthModelDocument.of(current, null, null, null);
        return document.weights() != null && !then.weights().equals(now.weights())
                || document.measures() != null && !then.measures().equals(now.measures())
                || document.bands() != null && !then.bands().equals(now.bands())
                || document.alerts() != null && !then.alerts().equals(now.alerts())
                || document.segmentWeights() != null && !then.segmentWeights().equals(now.segmentWeights());
    }
}
