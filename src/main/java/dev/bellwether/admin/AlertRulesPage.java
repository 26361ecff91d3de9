package dev.bellwether.admin;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

import dev.bellwether.alerts.AlertBook;
import dev.bellwether.alerts.AlertRule;
import dev.bellwether.health.HealthModel;
import dev.bellwether.health.HealthModelStore;
import dev.bellwether.health.HealthModels;
import dev.bellwether.web.Formats;
import dev.bellwether.web.Links;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /admin/alerts}: each alert rule on or off with its threshold, and how many accounts it
 * would fire for now with the threshold as typed. Saving is a new health-model version (the rules
 * live in the model), so the alerts are raised again by the recalculation it triggers.
 */
@Path("/admin/alerts")
@RolesAllowed("admin")
@Produces(MediaType.TEXT_HTML)
public class AlertRulesPage {

    /**
     * A rule's line: its setting as typed, the accounts it would fire for (null: unknown), and when the draft
     * switches off a rule in use, its unresolved alerts that saving resolves (null otherwise).
     */
    public record Line(AlertRule rule, boolean enabled, String threshold, Integer firing,
            AlertBook.Unresolved closing) {

        /** "Saving resolves its 14 unresolved alerts, 5 of them acknowledged or snoozed"; null when none. */
        public String closingText() {
            if (closing == null || closing.total() == 0) {
                return null;
            }
            return "Saving resolves its " + Formats.grouped(closing.total()) + " unresolved "
                    + (closing.total() == 1 ? "alert" : "alerts") + (closing.handled() == 0 ? ""
                            : ", " + Formats.grouped(closing.handled()) + " of them acknowledged or snoozed");
        }
    }

    /**
     * The rules as typed; {@code base} is the version the form was opened on, which a save sends back: the posted
     * one when the form comes back with problems (a version saved meanwhile is still refused, not overwritten).
     */
    public record View(List<Line> lines, List<String> problems, String flash, int version, String base, String note,
            boolean typed) {

        /** Whether the message is a refused save (shown as an error), not news of one done. */
        public boolean flashRefused() {
            return HealthModelPage.refusal(flash);
        }

        /** The problems in the words of the page ("The no-contact threshold: …"), each with the field it marks. */
        public List<ModelProblems.Problem> problemList() {
            return ModelProblems.of(problems, List.of(), "rule-problem");
        }

        /** The id of the problem about {@code rule}'s threshold, which its field is tied to; null when none. */
        public String problemOf(String rule) {
            return problemList().stream().filter(p -> p.names().contains("a." + rule + ".threshold"))
                    .map(ModelProblems.Problem::id).findFirst().orElse(null);
        }

        /** What a screen reader hears after a threshold is typed: the counts, or that something needs a fix. */
        public String summary() {
            if (!problems.isEmpty()) {
                return "A threshold needs a fix: " + problemList().get(0).text();
            }
            StringBuilder said = new StringBuilder("Would fire now:");
            for (Line line : lines) {
                if (line.firing() != null) {
                    said.append(said.charAt(said.length() - 1) == ':' ? " " : "; ").append(line.rule().key())
                            .append(' ').append(Formats.grouped(line.firing()))
                            .append(line.firing() == 1 ? " account" : " accounts")
                            .append(line.enabled() ? "" : " (if on)");
                }
            }
            for (Line line : lines) {
                if (line.closingText() != null) {
                    said.append(". ").append(line.rule().key()).append(": ").append(line.closingText());
                }
            }
            return said.charAt(said.length() - 1) == ':' ? "No counts yet: no figures to test the thresholds on."
                    : said.toString();
        }

        /** The same view, answering a threshold as typed (its summary is announced). */
        View asTyped() {
            return new View(lines, problems, flash, version, base, note, true);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view);

        static native TemplateInstance page$rules(View view);
    }

    @Inject
    HealthModels models;

    @Inject
    WhatIf whatIf;

    @Inject
    AlertBook alerts;

    @GET
    public TemplateInstance page(@QueryParam("saved") String savedParam) {
        HealthModelStore.Versioned current = models.current();
        Integer saved = HealthModelPage.savedVersion(savedParam, current.version());
        return Templates.page(view(ModelForm.of(current.model()), current.model(), List.of(), current.version(),
                current.model(), saved == null ? null
                        : "Saved as health-model version " + saved + "; the alerts are being raised again."));
    }

    /** The rules with the accounts each would fire for at the thresholds as typed (htmx). */
    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance preview(MultivaluedMap<String, String> fields) {
        HealthModelStore.Versioned current = models.current();
        ModelForm form = ModelForm.of(fields);
        ModelForm.Draft draft = form.alertsDraft(current.model());
        return Templates.page$rules(view(form, draft.model(), draft.problems(), current.version(), current.model(),
                null).asTyped());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(MultivaluedMap<String, String> fields) {
        HealthModelStore.Versioned current = models.current();
        ModelForm form = ModelForm.of(fields);
        ModelForm.Draft draft = form.alertsDraft(current.model());
        List<String> problems = draft.problems();
        if (draft.model() != null) {
            Optional<HealthModels.Change> made = HealthModelPage.change(models, form, draft);
            if (made.isEmpty()) {
                return Response.status(409).entity(Templates.page(view(form, draft.model(), List.of(),
                        current.version(), current.model(), HealthModelPage.BUSY))).build();
            }
            HealthModels.Change change = made.get();
            if (change.stale()) {
                // the draft carried over onto the rules saved meanwhile: saving again keeps both changes
                List<String> clashes = new ArrayList<>();
                HealthModel now = change.savedSince().model();
                ModelForm rebased = form.rebasedOn(models.opened(form.base()), now, change.version(), ModelForm::of,
                        clashes);
                HealthModel shown = rebased.alertsDraft(now).model();
                return Response.status(409).entity(Templates.page(view(rebased, shown == null ? now : shown,
                        List.of(), change.version(), now, HealthModelPage.savedSince(change.savedSince(), clashes))))
                        .build();
            }
            if (change.problems().isEmpty()) {
                return change.saved() ? Response.seeOther(URI.create(Links.alertRulesSaved(change.version()))).build()
                        : Response.ok(Templates.page(view(form.reopenedOn(change.version()),
                                change.model(), List.of(), change.version(), change.model(),
                                "Nothing to save: these are the rules in use (health-model version "
                                        + change.version() + ")."))).build();
            }
            problems = change.problems();
        }
        return Response.status(422).entity(Templates.page(view(form, null, problems, current.version(), current.model(),
                null))).build();
    }

    /**
     * The rules as typed, with how many accounts each would fire for under {@code model} (null: not known), and
     * what saving would resolve of the rules {@code inUse} (the model of {@code version}) has on.
     */
    private View view(ModelForm form, HealthModel model, List<String> problems, int version, HealthModel inUse,
            String flash) {
        Optional<Map<AlertRule, Integer>> firing = model == null ? Optional.empty() : whatIf.firing(model);
        // the rules in use that the draft switches off: saving resolves their unresolved alerts, handled or not
        List<AlertRule> switchedOff = Arrays.stream(AlertRule.values())
                .filter(rule -> inUse.alert(rule).enabled() && !form.checked("a." + rule.key() + ".on")).toList();
        Map<String, AlertBook.Unresolved> unresolved = switchedOff.isEmpty() ? Map.of() : alerts.unresolvedByRule();
        List<Line> lines = new ArrayList<>();
        for (AlertRule rule : AlertRule.values()) {
            lines.add(new Line(rule, form.checked("a." + rule.key() + ".on"),
                    form.value("a." + rule.key() + ".threshold"), firing.map(f -> f.get(rule)).orElse(null),
                    switchedOff.contains(rule) ? unresolved.get(rule.key()) : null));
        }
        return new View(lines, problems, flash, version, form.openedOn(version), form.note(), false);
    }
}
