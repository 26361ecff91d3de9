package dev.bellwether.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.core.MultivaluedMap;

import dev.bellwether.dashboard.Kpi;
import dev.bellwether.dashboard.KpiOwners;
import dev.bellwether.dashboard.ReviewCadence;

/**
 * The KPI owners form as posted: per KPI, {@code o.<kpi>.owner} (an e-mail of the tenant's
 * members, blank for none), {@code o.<kpi>.cadence} ({@code weekly}, {@code monthly},
 * {@code quarterly}) and {@code o.<kpi>.reviewed} (a review done today). A KPI the form leaves out
 * is left as it is.
 */
record OwnersForm(List<KpiOwners.Change> changes, List<String> errors) {

    static OwnersForm of(MultivaluedMap<String, String> form, List<String> members) {
        List<KpiOwners.Change> changes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Kpi kpi : Kpi.values()) {
            String prefix = "o." + kpi.key() + ".";
            String owner = form.getFirst(prefix + "owner");
            String cadence = form.getFirst(prefix + "cadence");
            if (owner == null && cadence == null) {
                continue;
            }
            String email = owner == null || owner.isBlank() ? null : owner.trim().toLowerCase(Locale.ROOT);
            if (email != null && !members.contains(email)) {
                errors.add(kpi.label() + ": the owner must be a member of your organisation, not \""
                        + (email.length() > 80 ? email.substring(0, 80) + "…" : email) + "\"");
                continue;
            }
            ReviewCadence parsed = cadence == null || cadence.isBlank() ? kpi.defaultCadence()
                    : ReviewCadence.of(cadence).orElse(null);
            if (parsed == null) {
                errors.add(kpi.label() + ": the review cadence must be weekly, monthly or quarterly");
                continue;
            }
            changes.add(new KpiOwners.Change(kpi, email, parsed, form.getFirst(prefix + "reviewed") != null));
        }
        return new OwnersForm(changes, errors);
    }
}
