package dev.bellwether.admin;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.dashboard.Kpi;
import dev.bellwether.dashboard.KpiOwners;
import dev.bellwether.dashboard.KpiTargets;
import dev.bellwether.dashboard.ReviewCadence;
import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.FieldError;
import dev.bellwether.tenant.CurrentUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /admin/targets}: the executive tiles' targets. A blank field means the default (the
 * seeds' benchmark; ARR has none). Saving records every change in the audit log.
 */
@Path("/admin/targets")
@RolesAllowed("admin")
@Produces(MediaType.TEXT_HTML)
public class TargetsPage {

    /**
     * A line of the form: the metric, its current value, its default and the text typed (after a refused save);
     * {@code focused} for the first line at fault, where the refused page puts the keyboard.
     */
    public record Line(MetricDefinition metric, KpiTargets.Target target, Double fallback, String typed, String error,
            double min, double max, String opened, boolean focused) {

        public String value() {
            return typed != null ? typed : stored();
        }

        /** What the field showed when the page was opened (sent back, so that a field left alone saves nothing). */
        public String openedValue() {
            return opened != null ? opened : stored();
        }

        public String stored() {
            return target.shown();
        }

        /** What the field takes (a text field: the browser neither checks nor blanks what is typed). */
        public String range() {
            return "allowed " + KpiTargets.grouped(min) + " to " + KpiTargets.grouped(max);
        }

        public String defaultText() {
            return fallback == null ? "no target" : (target.atMost() ? "≤ " : "≥ ") + plain(fallback);
        }
    }

    /**
     * The owners and review cadences of the KPIs, the members who may own one, and the outcome of a save: its
     * problems by the field at fault ({@code o.<kpi>.owner} or {@code .cadence}).
     */
    public record Owners(List<OwnerLine> lines, List<String> members, List<ReviewCadence> cadences,
            String flash, List<FieldError> errors) {

        /**
         * The index in {@link #errors} of the problem with {@code kpi}'s {@code part} ({@code owner} or
         * {@code cadence}), or -1: its message's id is tied to the field.
         */
        public int fault(Kpi kpi, String part) {
            String field = "o." + kpi.key() + "." + part;
            for (int i = 0; i < errors.size(); i++) {
                if (errors.get(i).field().equals(field)) {
                    return i;
                }
            }
            return -1;
        }

        /** Whether that field is the first at fault, which takes the focus (on a phone the form is far down). */
        public boolean focused(Kpi kpi, String part) {
            return fault(kpi, part) == 0;
        }
    }

    /**
     * A KPI's line of the owners form: as stored ({@code now}), with what the form shows (what was chosen, after a
     * refused save) and what it showed when the page was opened (sent back: a field left alone saves nothing).
     */
    public record OwnerLine(KpiOwners.Ownership now, String owner, ReviewCadence cadence, String wasOwner,
            String wasCadence, boolean reviewed) {

        static OwnerLine of(KpiOwners.Ownership now) {
            return new OwnerLine(now, now.owner(), now.cadence(), now.owner() == null ? "" : now.owner(),
                    now.cadence().key(), false);
        }

        /**
         * The line as the refused form had it: what was chosen (an owner refused too, so the error's address is
         * the one shown), the review ticked, and what the page showed when first opened.
         */
        OwnerLine asPosted(MultivaluedMap<String, String> form) {
            String prefix = "o." + now.kpi().key() + ".";
            String postedOwner = form.getFirst(prefix + "owner");
            String postedCadence = form.getFirst(prefix + "cadence");
            return new OwnerLine(now, postedOwner == null ? owner : postedOwner.isBlank() ? null : postedOwner.strip(),
                    postedCadence == null ? cadence : ReviewCadence.of(postedCadence).orElse(cadence),
                    Objects.requireNonNullElse(form.getFirst(prefix + "was-owner"), wasOwner),
                    Objects.requireNonNullElse(form.getFirst(prefix + "was-cadence"), wasCadence),
                    form.getFirst(prefix + "reviewed") != null);
        }

        /** The line with what is stored as what the page showed, for each of its fields {@code errors} names. */
        OwnerLine reopened(List<FieldError> errors) {
            String prefix = "o." + now.kpi().key() + ".";
            boolean owner = errors.stream().anyMatch(e -> e.field().equals(prefix + "owner"));
            boolean cadence = errors.stream().anyMatch(e -> e.field().equals(prefix + "cadence"));
            return new OwnerLine(now, this.owner, this.cadence, owner ? Objects.requireNonNullElse(now.owner(), "")
                    : wasOwner, cadence ? now.cadence().key() : wasCadence, reviewed);
        }

        public Kpi kpi() {
            return now.kpi();
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(List<Line> lines, String flash, List<AuditLog.Event> recent,
                Owners owners);
    }

    @Inject
    KpiTargets targets;

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    @Inject
    KpiOwners owners;

    @Inject
    Clock clock;

    /**
     * The page; after a save (which answers 303 here, so a reload sends nothing again) {@code targets} or
     * {@code owners} is how many it changed, said at the top of that form.
     */
    @GET
    public TemplateInstance page(@QueryParam("targets") String targetsSaved, @QueryParam("owners") String ownersSaved) {
        String targetsFlash = saved(targetsSaved, "No target changed.", " target.", " targets.");
        String ownersFlash = saved(ownersSaved, "No owner or cadence changed.", " KPI.", " KPIs.");
        return Templates.page(lines(Map.of(), Map.of(), Map.of()), targetsFlash, recent(),
                ownersView(ownersFlash, List.of()));
    }

    /** Saves the KPIs' owners and cadences at once or, when one is wrong, none (422 with the messages). */
    @POST
    @Path("/owners")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveOwners(MultivaluedMap<String, String> form) {
        OwnersForm typed = OwnersForm.of(form, owners.members(user.getEmail()));
        if (!typed.errors().isEmpty()) {
            return refusedOwners(422, "Nothing was saved.", typed.errors(), form);
        }
        KpiOwners.Saved saved = owners.set(typed.changes(), Clocks.today(clock), user.getUsername(), user.getName());
        if (!saved.meanwhile().isEmpty()) {
            return refusedOwners(409, "Nothing was saved: someone else changed what you changed since you opened this"
                    + " page.", saved.meanwhile(), form);
        }
        // a page of its own (this address takes only a post): a reload would record the review again
        return Response.seeOther(URI.create("/admin/targets?owners=" + saved.changed() + "#owners-heading")).build();
    }

    /**
     * The owners form refused, as posted; a field changed meanwhile (409) now says it was opened with what is stored,
     * so saving again replaces it. A field refused as wrong (422) keeps what it was opened with: a change someone
     * made meanwhile is still caught when it is saved again.
     */
    private Response refusedOwners(int status, String flash, List<FieldError> errors,
            MultivaluedMap<String, String> form) {
        Owners view = ownersView(flash, errors);
        List<FieldError> meanwhile = status == 409 ? errors : List.of();
        view = new Owners(view.lines().stream().map(line -> line.asPosted(form).reopened(meanwhile)).toList(),
                view.members(), view.cadences(), view.flash(), view.errors());
        return Response.status(status).entity(Templates.page(lines(Map.of(), Map.of(), Map.of()), null, recent(),
                view)).build();
    }

    /** What a save said, from the count its 303 carried: nothing when there is none (or it is not a count). */
    private static String saved(String count, String none, String one, String many) {
        if (count == null || !count.matches("[0-9]{1,4}")) {
            return null;
        }
        int changed = Integer.parseInt(count);
        return changed == 0 ? none : "Saved " + changed + (changed == 1 ? one : many);
    }

    private Owners ownersView(String flash, List<FieldError> errors) {
        return new Owners(owners.all(Clocks.today(clock)).stream().map(OwnerLine::of).toList(),
                owners.members(user.getEmail()), List.of(ReviewCadence.values()), flash, errors);
    }

    /** Saves every field at once or, when one is wrong, none (422 with the form and its messages). */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(MultivaluedMap<String, String> form) {
        TargetsForm typed = TargetsForm.of(form);
        if (!typed.errors().isEmpty()) {
            int errors = typed.errors().size();
            return Response.status(422).entity(Templates.page(lines(typed.texts(), typed.errors(), typed.opened()),
                    "Nothing was saved: " + errors + (errors == 1 ? " field needs" : " fields need") + " a fix.",
                    recent(), ownersView(null, List.of()))).build();
        }
        KpiTargets.Saved saved = targets.set(typed.wanted(), typed.opened(), user.getUsername(), user.getName());
        if (!saved.meanwhile().isEmpty()) {
            // another admin's target stays until this one, now shown it, saves again: the form then says it as opened
            Map<MetricDefinition, String> errors = new LinkedHashMap<>();
            Map<MetricDefinition, String> opened = new LinkedHashMap<>(typed.opened());
            for (KpiTargets.Target now : saved.meanwhile()) {
                errors.put(now.metric(), changedMeanwhile(now, typed.opened().get(now.metric())));
                opened.put(now.metric(), now.shown());
            }
            int n = errors.size();
            return Response.status(409).entity(Templates.page(lines(typed.texts(), errors, opened),
                    "Nothing was saved: " + n + (n == 1 ? " target was" : " targets were") + " changed by someone"
                            + " else since you opened this page.", recent(), ownersView(null, List.of()))).build();
        }
        return Response.seeOther(URI.create("/admin/targets?targets=" + saved.changed())).build();
    }

    private static String changedMeanwhile(KpiTargets.Target now, String opened) {
        Double fallback = KpiTargets.defaultOf(now.metric());
        String set = now.custom() ? "set it to " + now.shown()
                : "set it back to the default" + (fallback == null ? " (none)" : " (" + plain(fallback) + ")");
        return now.metric().label() + " target: someone " + set + " after you opened the page, which showed "
                + (opened == null || opened.isBlank() ? "the default" : opened.strip()) + ". Yours is still in the"
                + " field: save again to replace theirs.";
    }

    private List<Line> lines(Map<MetricDefinition, String> typed, Map<MetricDefinition, String> errors,
            Map<MetricDefinition, String> opened) {
        List<Line> lines = new ArrayList<>();
        for (KpiTargets.Target target : targets.all()) {
            double[] range = KpiTargets.bounds(target.metric());
            String error = errors.get(target.metric());
            lines.add(new Line(target.metric(), target, KpiTargets.defaultOf(target.metric()),
                    typed.get(target.metric()), error, range[0], range[1], opened.get(target.metric()),
                    error != null && lines.stream().noneMatch(line -> line.error() != null)));
        }
        return lines;
    }

    private List<AuditLog.Event> recent() {
        return audit.page(AuditKind.TARGET, 1, 10).events();
    }

    static String plain(double value) {
        return KpiTargets.plain(value);
    }
}
