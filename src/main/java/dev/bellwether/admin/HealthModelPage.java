package dev.bellwether.admin;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.bellwether.account.AccountRepository;
import dev.bellwether.health.Component;
import dev.bellwether.health.HealthModel;
import dev.bellwether.health.HealthModelStore;
import dev.bellwether.health.HealthModels;
import dev.bellwether.health.Measure;
import dev.bellwether.health.MissingData;
import dev.bellwether.web.Formats;
import dev.bellwether.web.Links;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /admin/health-model}: the health-model editor. Weights, bounds, bands, segment weights and
 * missing-data rules, validated as the admin types; a what-if preview of the draft against the
 * current model over the whole book (bands, backtest, the accounts whose band changes); saving
 * makes a new version, recalculates and lands in the audit log.
 */
@Path("/admin/health-model")
@RolesAllowed("admin")
@Produces(MediaType.TEXT_HTML)
public class HealthModelPage {

    /** How a save refused because another was saved meanwhile begins: the page shows it as an error. */
    static final String NOT_SAVED = "Not saved: ";

    /** Why a save was refused while an import wrote the model (409): the form comes back as typed. */
    static final String BUSY = NOT_SAVED + "an import is writing your organisation's health model. Save again once it"
            + " ends.";

    /**
     * The version a save's redirect names ({@code ?saved=}), when it is the one in use ({@code current}): anything
     * else, a link typed or kept from another organisation, or an older save's page come back to (Back, a bookmark)
     * after a later one, names no save just made and shows no message.
     */
    static Integer savedVersion(String saved, int current) {
        if (saved == null || !saved.matches("[1-9][0-9]{0,8}")) {
            return null;
        }
        int version = Integer.parseInt(saved);
        return version == current ? version : null;
    }

    /** Whether {@code flash}, a page's message, is a refused save ({@link #savedSince}) rather than news of one. */
    static boolean refusal(String flash) {
        return flash != null && flash.startsWith(NOT_SAVED);
    }

    /** What the page shows; {@code preview} is empty while the draft has problems or the tenant has no data. */
    public record View(ModelForm form, HealthModelStore.Versioned current, List<HealthModelStore.Versioned> versions,
            Optional<WhatIf.Preview> preview, String flash, boolean partial, Optional<ChurnAdvice.Advice> advice,
            HealthModel opened) {

        View(ModelForm form, HealthModelStore.Versioned current, List<HealthModelStore.Versioned> versions,
                Optional<WhatIf.Preview> preview, String flash, boolean partial, Optional<ChurnAdvice.Advice> advice) {
            this(form, current, versions, preview, flash, partial, advice, current.model());
        }

        View(ModelForm form, HealthModelStore.Versioned current, List<HealthModelStore.Versioned> versions,
                Optional<WhatIf.Preview> preview, String flash, boolean partial) {
            this(form, current, versions, preview, flash, partial, Optional.empty());
        }

        /** Whether the message is a refused save (shown as an error), not news of one done. */
        public boolean flashRefused() {
            return refusal(flash);
        }

        /** Whether the page shows a draft that differs from the model in use (leaving it asks first). */
        public boolean unsaved() {
            return !form.problems().isEmpty() || form.differsFrom(current.model());
        }

        public List<Component> components() {
            return List.of(Component.values());
        }

        public List<Measure> measures() {
            return List.of(Measure.values());
        }

        public List<MissingData> policies() {
            return List.of(MissingData.values());
        }

        public List<String> segments() {
            return form.segments();
        }

        /** The draft's problems in the words of the editor's labels, each with the fields it marks. */
        public List<ModelProblems.Problem> problemList() {
            return ModelProblems.of(form.problems(), form.segments(), "model-problem");
        }

        /**
         * Whether {@code segment} has weights of its own in the model the draft was opened on, which a save carried
         * over a version saved since compares with: the page then always sends them.
         */
        public boolean ownWeightsInUse(String segment) {
            return opened.segmentWeights().containsKey(segment);
        }

        /**
         * The version the form was opened on, which a save sends back: the posted one when the form comes back
         * with problems (so a version saved meanwhile is still refused, not overwritten), else the one in use.
         */
        public String base() {
            return form.openedOn(current.version());
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view);

        static native TemplateInstance page$preview(View view);
    }

    @Inject
    HealthModels models;

    @Inject
    WhatIf whatIf;

    @Inject
    AccountRepository accounts;

    @Inject
    ChurnAdvice advice;

    /**
     * The editor with the model in use, or with {@code ?draft=suggested} the suggested weights loaded
     * into the draft (previewed at once, saved only when the admin saves).
     */
    @GET
    public TemplateInstance page(@QueryParam("saved") String savedParam, @QueryParam("draft") String draft) {
        HealthModelStore.Versioned current = models.current();
        Integer saved = savedVersion(savedParam, current.version());
        String flash = saved == null ? null
                : "Saved as version " + saved
                        + ". The scores are being recalculated; the dashboards update by themselves.";
        ModelForm form = ModelForm.of(current.model(), segments(current));
        Optional<ChurnAdvice.Advice> evidence = advice.current();
        if ("suggested".equals(draft)) {
            // a suggestion searched under an older version is not this version's: it is not loaded
            Optional<HealthModel> suggested = evidence.filter(a -> !a.behind(current.version()))
                    .flatMap(a -> advice.withSuggestedWeights(current.model()));
            if (suggested.isPresent()) {
                // on little history the search's best may be a fit to chance: the note does not call it the best
                boolean thin = evidence.map(ChurnAdvice.Advice::thinHistory).isPresent();
                form = ModelForm.of(suggested.get(), segments(current)).with("note", thin
                        ? "Suggested weights, searched on little history: to check against the backtest"
                        : "Suggested weights: the best at telling churners from stayers in our own history");
                flash = "The suggested weights are in the draft: the preview compares them with the model in use."
                        + " Nothing changes until you save.";
            } else {
                flash = evidence.filter(a -> a.behind(current.version())).isPresent()
                        ? "The suggestion is being searched again for version " + current.version()
                                + "; it is ready when its recalculation has finished."
                        : "There is no suggestion yet: it needs accounts that churned and accounts that stayed in"
                                + " the training months.";
            }
        }
        return Templates.page(new View(form, current, models.versions(), Optional.empty(), flash, false,
                evidence));
    }

    /** The draft's problems, or its what-if against the current model (htmx, on every change). */
    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance preview(MultivaluedMap<String, String> fields) {
        HealthModelStore.Versioned current = models.current();
        ModelForm form = ModelForm.of(fields, segments(current));
        ModelForm.Draft draft = form.modelDraft(current.model());
        Optional<WhatIf.Preview> preview = draft.model() == null ? Optional.empty() : whatIf.preview(draft.model());
        return Templates.page$preview(new View(form.withProblems(draft.problems()), current, List.of(), preview, null,
                true));
    }

    /** Saves the draft as a new version; 422 with the form and its problems when it is not valid. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(MultivaluedMap<String, String> fields) {
        HealthModelStore.Versioned current = models.current();
        ModelForm form = ModelForm.of(fields, segments(current));
        ModelForm.Draft draft = form.modelDraft(current.model());
        if (draft.model() == null) {
            return withProblems(form, draft.problems(), current);
        }
        Optional<HealthModels.Change> made = change(models, form, draft);
        if (made.isEmpty()) {
            return Response.status(409).entity(Templates.page(new View(form, current, models.versions(),
                    Optional.empty(), BUSY, false, Optional.empty(), models.opened(form.base())
                            .orElse(current.model())))).build();
        }
        HealthModels.Change change = made.get();
        if (change.stale()) {
            // the draft is carried over onto the version saved meanwhile: saving again keeps both changes
            HealthModelStore.Versioned now = change.savedSince();
            List<String> clashes = new ArrayList<>();
            ModelForm rebased = form.rebasedOn(models.opened(form.base()), now.model(), now.version(),
                    model -> ModelForm.of(model, segments(now)), clashes);
            return Response.status(409).entity(Templates.page(new View(rebased, now, models.versions(),
                    Optional.empty(), HealthModelPage.savedSince(now, clashes), false))).build();
        }
        if (!change.problems().isEmpty()) {
            return withProblems(form, change.problems(), current);
        }
        if (!change.saved()) {
            // the version the save compared with, under its lock: one saved since the page read it (alert rules
            // alone) may be the draft's equal (read again now, a save landing meanwhile would be named instead)
            List<HealthModelStore.Versioned> versions = models.versions();
            HealthModelStore.Versioned inUse = change.version() == current.version() ? current : versions.stream()
                    .filter(v -> v.version() == change.version()).findFirst().orElse(current);
            return Response.ok(Templates.page(new View(form.reopenedOn(inUse.version()),
                    inUse, versions, Optional.empty(),
                    "Nothing to save: the draft is the model in use (version " + inUse.version() + ").",
                    false))).build();
        }
        return Response.seeOther(URI.create(Links.healthModelSaved(change.version()))).build();
    }

    /**
     * The draft saved (or refused, as the change says), both editors' way; empty when an import writes the model
     * (409, nothing saved): the form then comes back as typed, saying {@link #BUSY}.
     */
    static Optional<HealthModels.Change> change(HealthModels models, ModelForm form, ModelForm.Draft draft) {
        try {
            return Optional.of(models.change(draft.document(), form.note(), form.base()));
        } catch (WebApplicationException busy) {
            if (busy.getResponse().getStatus() != 409) {
                throw busy;
            }
            return Optional.empty();
        }
    }

    /** 422: the draft again with its problems, as made on the version it was opened on. */
    private Response withProblems(ModelForm form, List<String> problems, HealthModelStore.Versioned current) {
        HealthModel opened = models.opened(form.base()).orElse(current.model());
        // said at the top too: on a phone, or without JavaScript, the list is below the whole form
        String flash = NOT_SAVED + "fix " + (problems.size() == 1 ? "the problem" : "the " + problems.size()
                + " problems") + " listed under What this draft would do.";
        return Response.status(422).entity(Templates.page(new View(form.withProblems(problems), current,
                models.versions(), Optional.empty(), flash, false, Optional.empty(), opened))).build();
    }

    /**
     * Why a save made on an older version, {@code now} saved since, was refused, and what saving again does: the
     * draft comes back on top of it, and {@code clashes} names the fields both changed.
     */
    static String savedSince(HealthModelStore.Versioned now, List<String> clashes) {
        String who = now.createdByName() != null ? now.createdByName() : now.createdBy();
        return NOT_SAVED + "version " + now.version() + " was saved" + (who == null ? "" : " by " + who)
                + (now.createdAt() == null ? "" : " (" + Formats.when(now.createdAt()) + ")")
                + " while you were editing. Nothing of yours was saved yet: below is version " + now.version()
                + " with your changes on top, so saving again keeps both."
                + (clashes.isEmpty() ? "" : " You both changed " + String.join(", ",
                        clashes.stream().map(ModelFieldNames::label).toList()) + ": yours are below; check them against"
                        + " version " + now.version() + " before saving.");
    }

    /** The segments the editor offers weights for: the tenant's and those the model has weights for. */
    private List<String> segments(HealthModelStore.Versioned current) {
        return ModelForm.segments(current.model(), accounts.segments());
    }
}
