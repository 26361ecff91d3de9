package dev.bellwether.workspace;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.InvalidInput;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.web.Links;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /admin/playbooks}: the tenant's playbooks. Admins define them (name, trigger, steps); every
 * role reads them and each one's outcomes, so leaders see which plays save accounts.
 */
@Path("/admin/playbooks")
@RolesAllowed({ "admin", "executive", "csm" })
@Produces(MediaType.TEXT_HTML)
public class PlaybooksPage {

    /** Blank step rows the form offers below a playbook's steps. */
    static final int BLANK_STEPS = 3;
    private static final Pattern STEP_PROBLEM = Pattern.compile("^steps\\[(\\d+)]\\.(title|dueInDays) ");
    private static final Pattern STEP_FIELD = Pattern.compile("steps\\[(\\d+)]\\.(title|dueInDays)");

    /** What the playbook form posts; the steps as parallel lists of titles and days. */
    public record PlaybookPost(@RestForm String key, @RestForm String name, @RestForm String trigger,
            @RestForm String enabled, @RestForm List<String> stepTitle, @RestForm List<String> stepDue,
            @RestForm String more, @RestForm String openedOn) {

        /** Whether "Add more rows" sent the form: it is drawn again with blank rows, nothing saved. */
        boolean wantsRows() {
            return more != null;
        }
    }

    /** A step row of the form, as typed. */
    public record StepRow(int index, String title, String dueInDays) {

        /** The step's number as people count, from 1. */
        public int number() {
            return index + 1;
        }
    }

    /** A choice of a select: the value posted and the words shown. */
    public record Choice(String value, String label) {
    }

    /**
     * The playbook form: what it holds, its problems, whether it creates a new playbook, and the ids of the fields a
     * problem is about ({@code pb-name}, {@code step-due-1}), which the form marks and ties to the problems;
     * {@code openedOn} the fingerprint of the playbook the page opened on (null for a new one), sent back with it;
     * {@code rowsAdded} when it answers "Add more rows", whose first empty row then takes the focus.
     */
    public record Form(String key, String name, String trigger, boolean enabled, List<StepRow> steps,
            List<String> problems, boolean isNew, Set<String> wrong, String openedOn, boolean rowsAdded) {

        /** Whether the step row {@code index} takes the focus: the first of the rows "Add more rows" added. */
        public boolean focusRow(int index) {
            return rowsAdded && steps.stream().filter(s -> isBlank(s.title()) && isBlank(s.dueInDays())).findFirst()
                    .map(s -> s.index() == index).orElse(false);
        }

        /** The choices of Runs: each trigger's key and its words. */
        public List<Choice> triggers() {
            return PlaybookDocument.triggers().stream().map(t -> new Choice(t, PlaybookDocument.runs(t))).toList();
        }

        /** Whether "Add more rows" can add any: a playbook has at most {@link PlaybookDocument#STEPS_MAX} steps. */
        public boolean roomForRows() {
            return steps.size() < PlaybookDocument.STEPS_MAX;
        }

        /**
         * Whether the playbook was saved by someone else after this form was opened: the problems then link to it
         * as it is now (reloading this answer to a post would only send the same form again).
         */
        public boolean stale() {
            return wrong.contains("openedOn");
        }

        /** Whether a problem is about the field of id {@code id}. */
        public boolean invalid(String id) {
            return wrong.contains(id);
        }

        /** Whether a problem is about the task of the form's step row {@code index}. */
        public boolean titleInvalid(int index) {
            return wrong.contains("step-title-" + index);
        }

        /** Whether a problem is about the days of the form's step row {@code index}. */
        public boolean dueInvalid(int index) {
            return wrong.contains("step-due-" + index);
        }
    }

    /** The list page: the playbooks, and the form for a new one (admins). */
    public record ListView(List<PlaybookDocument> playbooks, boolean canEdit, Form form) {
    }

    /** A playbook's page: the playbook, its outcomes, and its form (admins). */
    public record PlaybookView(PlaybookDocument playbook, Playbooks.Outcomes outcomes, boolean canEdit, Form form,
            boolean saved) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(ListView view);

        static native TemplateInstance playbook(PlaybookView view);
    }

    @Inject
    Playbooks playbooks;

    @Inject
    CurrentUser user;

    @Inject
    ObjectMapper json;

    @GET
    public TemplateInstance list() {
        return Templates.list(new ListView(playbooks.list(), user.isAdmin(),
                form(new PlaybookDocument("", "", PlaybookDocument.MANUAL, true, List.of()), List.of(), true)));
    }

    @GET
    @Path("/{key}")
    public TemplateInstance playbook(@PathParam("key") String key, @QueryParam("saved") boolean saved) {
        PlaybookDocument playbook = playbooks.find(key).orElseThrow(() -> new NotFoundException("No playbook " + key));
        return Templates.playbook(new PlaybookView(playbook, playbooks.outcomes(key), user.isAdmin(),
                form(playbook, List.of(), false), saved));
    }

    /** Creates a playbook; 422 with the form's problems. */
    @POST
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@BeanParam PlaybookPost post) {
        String key = post.key() == null ? "" : post.key().strip();
        if (post.wantsRows()) {
            return Response.ok(Templates.list(new ListView(playbooks.list(), true,
                    typed(post.key(), post, List.of(), true, List.of())))).build();
        }
        try {
            playbooks.create(PlaybookDocument.read(key, body(post)));
            return Response.seeOther(URI.create(Links.playbook(key) + "?saved=true")).build();
        } catch (InvalidInput e) {
            return Response.status(422).entity(Templates.list(new ListView(playbooks.list(), true,
                    typed(post.key(), post, onRows(e.errors()), true, e.errors())))).build();
        }
    }

    /** Saves a playbook's changes; 422 with the form's problems. */
    @POST
    @Path("/{key}")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("key") String key, @BeanParam PlaybookPost post) {
        PlaybookDocument current = playbooks.find(key).orElseThrow(() -> new NotFoundException("No playbook " + key));
        if (post.wantsRows()) {
            return Response.ok(Templates.playbook(new PlaybookView(current, playbooks.outcomes(key), true,
                    typed(key, post, List.of(), false, List.of()), false))).build();
        }
        try {
            playbooks.save(PlaybookDocument.read(key, body(post)), post.openedOn());
            return Response.seeOther(URI.create(Links.playbook(key) + "?saved=true")).build();
        } catch (Playbooks.ChangedMeanwhile e) {
            return Response.status(409).entity(Templates.playbook(new PlaybookView(current, playbooks.outcomes(key),
                    true, typed(key, post, List.of(e.getMessage()), false, List.of(new FieldError("openedOn",
                            e.getMessage()))), false))).build();
        } catch (InvalidInput e) {
            return Response.status(422).entity(Templates.playbook(new PlaybookView(current, playbooks.outcomes(key),
                    true, typed(key, post, onRows(e.errors()), false, e.errors()), false))).build();
        }
    }

    /**
     * The API's problems of a step ("steps[1].dueInDays must …", counted from 0 among the rows filled in) as the form
     * numbers its rows, which it draws again without the blank ones: "Step 2: due in days must …".
     */
    static List<String> onRows(List<FieldError> errors) {
        return errors.stream().map(error -> {
            Matcher step = STEP_PROBLEM.matcher(error.message());
            if (step.find()) {
                String field = "title".equals(step.group(2)) ? "the task " : "due in days ";
                return "Step " + (Integer.parseInt(step.group(1)) + 1) + ": " + field
                        + error.message().substring(step.end());
            }
            // the form's labels, not the API's fields: "name is required" is "The name is required"
            return "trigger".equals(error.field()) ? "Runs must be one of the choices offered."
                    : FormWords.sentence(error);
        }).toList();
    }

    /** The form as the API's JSON, so both are checked by the same rules ({@link PlaybookDocument#read}). */
    private ObjectNode body(PlaybookPost post) {
        ObjectNode body = json.createObjectNode();
        body.put("name", post.name());
        body.put("trigger", post.trigger());
        body.put("enabled", post.enabled() != null);
        ArrayNode steps = body.putArray("steps");
        for (StepRow row : rows(post)) {
            if (isBlank(row.title()) && isBlank(row.dueInDays())) {
                continue;
            }
            ObjectNode step = steps.addObject();
            step.put("title", row.title());
            String due = row.dueInDays() == null ? "" : row.dueInDays().strip();
            if (due.matches("-?\\d{1,6}")) {
                step.put("dueInDays", Integer.parseInt(due));
            } else {
                step.put("dueInDays", due);
            }
        }
        return body;
    }

    private static List<StepRow> rows(PlaybookPost post) {
        List<String> titles = post.stepTitle() == null ? List.of() : post.stepTitle();
        List<String> dues = post.stepDue() == null ? List.of() : post.stepDue();
        List<StepRow> rows = new ArrayList<>();
        for (int i = 0; i < Math.max(titles.size(), dues.size()) && i < PlaybookDocument.STEPS_MAX + BLANK_STEPS; i++) {
            rows.add(new StepRow(i, i < titles.size() ? titles.get(i) : "", i < dues.size() ? dues.get(i) : ""));
        }
        return rows;
    }

    private static Form form(PlaybookDocument playbook, List<String> problems, boolean isNew) {
        List<StepRow> rows = new ArrayList<>();
        for (PlaybookDocument.Step step : playbook.steps()) {
            rows.add(new StepRow(rows.size(), step.title(), Integer.toString(step.dueInDays())));
        }
        return new Form(playbook.key(), playbook.name(), playbook.trigger(), playbook.enabled(), padded(rows),
                problems, isNew, Set.of(), isNew ? null : playbook.fingerprint(), false);
    }

    /**
     * The form as it was sent, for {@code key}: the path's when editing (the posted one may be missing); without
     * problems, the answer to "Add more rows".
     */
    private static Form typed(String key, PlaybookPost post, List<String> problems, boolean isNew,
            List<FieldError> errors) {
        return new Form(key, post.name(), post.trigger(), post.enabled() != null, padded(rows(post)), problems,
                isNew, fieldIds(errors), post.openedOn(), problems.isEmpty());
    }

    /**
     * The form's ids of the fields {@code errors} name. The API counts steps among the rows filled in
     * ({@code steps[1].dueInDays}), as the form drawn again numbers them ({@link #padded}: blank rows left out).
     */
    static Set<String> fieldIds(List<FieldError> errors) {
        Set<String> ids = new HashSet<>();
        for (FieldError error : errors) {
            Matcher step = STEP_FIELD.matcher(error.field());
            if (step.matches()) {
                ids.add(("title".equals(step.group(2)) ? "step-title-" : "step-due-") + step.group(1));
            } else if (Set.of("key", "name", "trigger").contains(error.field())) {
                ids.add("pb-" + error.field());
            } else if ("steps".equals(error.field())) {
                ids.add("step-title-0"); // none, or too many: the table's first task
            } else if ("openedOn".equals(error.field())) {
                ids.add("openedOn"); // no field of the form's own: the playbook changed meanwhile
            }
        }
        return ids;
    }

    private static List<StepRow> padded(List<StepRow> rows) {
        List<StepRow> padded = new ArrayList<>();
        for (StepRow row : rows) {
            if (!isBlank(row.title()) || !isBlank(row.dueInDays())) {
                padded.add(new StepRow(padded.size(), row.title(), row.dueInDays()));
            }
        }
        for (int i = 0; i < BLANK_STEPS && padded.size() < PlaybookDocument.STEPS_MAX; i++) {
            padded.add(new StepRow(padded.size(), "", ""));
        }
        return padded;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
