package dev.bellwether.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import jakarta.ws.rs.core.MultivaluedMap;

import dev.bellwether.dashboard.Kpi;
import dev.bellwether.dashboard.KpiOwners;
import dev.bellwether.dashboard.ReviewCadence;
import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.Text;

/**
 * The KPI owners form as posted: per KPI, {@code o.<kpi>.owner} (an e-mail of the tenant's
 * members, blank for none), {@code o.<kpi>.cadence} ({@code weekly}, {@code monthly},
 * {@code quarterly}) and {@code o.<kpi>.reviewed} (a review done today). A KPI the form leaves out
 * is left as it is, and so is a field whose value is the one the page showed ({@code o.<kpi>.was-owner},
 * {@code o.<kpi>.was-cadence}).
 */
record OwnersForm(List<KpiOwners.Change> changes, List<FieldError> errors) {

    static OwnersForm of(MultivaluedMap<String, String> form, List<String> members) {
        List<KpiOwners.Change> changes = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>(); // by the field at fault, o.<kpi>.owner or .cadence
        for (Kpi kpi : Kpi.values()) {
            String prefix = "o." + kpi.key() + ".";
            String owner = form.getFirst(prefix + "owner");
            String cadence = form.getFirst(prefix + "cadence");
            if (owner == null && cadence == null) {
                continue;
            }
            String email = email(owner);
            // what the page showed when it was opened: a field left as it was changes nothing, so another admin's
            // change saved meanwhile stays (a form without them, as before, sets every field it has)
            String wasOwner = form.getFirst(prefix + "was-owner");
            boolean setOwner = owner != null && (wasOwner == null || !Objects.equals(email(wasOwner), email));
            String wasCadence = form.getFirst(prefix + "was-cadence");
            boolean setCadence = cadence != null && (wasCadence == null || !wasCadence.equals(cadence));
            if (setOwner && email != null && !members.contains(email)) {
                errors.add(new FieldError(prefix + "owner", kpi.label() + ": the owner must be someone your accounts"
                        + " name as CSM, a KPI's owner already, or you, not \"" + Text.abbreviate(email, 80) + "\""));
                continue;
            }
            ReviewCadence parsed = cadence == null || cadence.isBlank() ? kpi.defaultCadence()
                    : ReviewCadence.of(cadence).orElse(null);
            if (parsed == null) {
                errors.add(new FieldError(prefix + "cadence", kpi.label() + ": the review cadence must be weekly,"
                        + " monthly or quarterly"));
                continue;
            }
            String openedOwner = wasOwner == null ? null : Objects.requireNonNullElse(email(wasOwner), "");
            ReviewCadence openedCadence = wasCadence == null ? null : ReviewCadence.of(wasCadence).orElse(null);
            changes.add(new KpiOwners.Change(kpi, setOwner, email, setCadence ? parsed : null,
                    form.getFirst(prefix + "reviewed") != null, openedOwner, openedCadence));
        }
        return new OwnersForm(changes, errors);
    }

    private static String email(String typed) {
        return typed == null || typed.isBlank() ? null : typed.trim().toLowerCase(Locale.ROOT);
    }
}
