package dev.bellwether.workspace;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import dev.bellwether.metrics.Snapshots;
import dev.bellwether.platform.InvalidInput;
import dev.bellwether.platform.Text;
import dev.bellwether.web.Htmx;
import dev.bellwether.web.Links;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The account page's workspace panels ({@code /accounts/{id}/workspace/…}), which the page loads with
 * htmx: the timeline with the form to log a note or an activity, and the account's tasks with the forms
 * to add one or run a playbook. Every role reads them; csm and admin write. A browser without
 * JavaScript gets each panel on a page of its own, and its forms' posts are answered with a redirect
 * to that page ({@link Done}), so reloading it does not post again.
 */
@Path("/accounts/{accountId}/workspace")
@RolesAllowed({ "admin", "executive", "csm" })
@Produces(MediaType.TEXT_HTML)
public class AccountWorkspacePage {

    /** What the note form posts. */
    public record NotePost(@RestForm String type, @RestForm String occurredAt, @RestForm String body,
            @RestForm String attendees) {
    }

    /** What the new-task form posts. */
    public record TaskPost(@RestForm String title, @RestForm String dueDate, @RestForm String assigneeEmail) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance timeline(WorkspaceViews.TimelinePanel view);

        static native TemplateInstance tasks(WorkspaceViews.TasksPanel view);

        static native TemplateInstance timelinePage(WorkspaceViews.TimelinePanel view);

        static native TemplateInstance tasksPage(WorkspaceViews.TasksPanel view);
    }

    @Inject
    WorkspaceViews views;

    @Inject
    Notes notes;

    @Inject
    Snapshots snapshots;

    @Inject
    Tasks tasks;

    @Inject
    Playbooks playbooks;

    @GET
    @Path("/timeline")
    public TemplateInstance timeline(@PathParam("accountId") String accountId, @QueryParam("kind") List<String> kinds,
            @QueryParam("page") String page, @QueryParam("done") String done, @HeaderParam(Htmx.REQUEST) String htmx) {
        // read at the page's own size (the API's is larger): page 201 of 25 is within the timeline's depth
        String size = String.valueOf(WorkspaceViews.TIMELINE_PAGE);
        Timeline.Query query;
        try {
            query = Timeline.Query.parse(size, null, kinds);
        } catch (InvalidInput e) {
            // refused, as the audit and outbox pages refuse a filter they do not know, rather than shown as every kind
            throw new BadRequestException("There is no kind of timeline entry called \""
                    + Text.abbreviate(String.join(",", kinds), 40) + "\": choose among " + TimelineKind.words() + ".");
        }
        try {
            query = Timeline.Query.parse(size, page, kinds);
        } catch (InvalidInput e) {
            // a page beyond the timeline's depth, or not a page number: the first, still filtered
        }
        WorkspaceViews.TimelinePanel view = views.timeline(accountId, query, null, Done.flash(done));
        return Htmx.isRequest(htmx) ? Templates.timeline(view) : Templates.timelinePage(view);
    }

    /** Logs a note or an activity; answers the timeline (with the form's problems when it was refused). */
    @POST
    @Path("/notes")
    @RolesAllowed({ "admin", "csm" })
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logNote(@PathParam("accountId") String accountId, @BeanParam NotePost form,
            @HeaderParam(Htmx.REQUEST) String htmx) {
        Timeline.Query all = Timeline.Query.parse(null, null, null);
        try {
            Notes.Note note = notes.log(accountId, notes.request(form.type(), form.occurredAt(), form.body(),
                    form.attendees()));
            if (!Htmx.isRequest(htmx)) {
                Done done = !note.type().activity() ? Done.NOTED
                        : aheadOfTheFigures(note).isPresent() ? Done.LOGGED_AHEAD : Done.LOGGED;
                return done.redirect(Links.accountTimeline(accountId, null, 1));
            }
            String flash = note.type().label() + " logged" + (note.type().activity() ? counted(note) : ".");
            return Response.ok(Templates.timeline(views.timeline(accountId, all, null, flash))).build();
        } catch (InvalidInput e) {
            views.account(accountId);
            WorkspaceViews.NoteForm typed = views.typedNote(form.type(), form.occurredAt(), form.body(),
                    form.attendees(), FormWords.byField(e.errors()));
            WorkspaceViews.TimelinePanel view = views.timeline(accountId, all, typed, null);
            return Htmx.isRequest(htmx) ? Response.ok(Templates.timeline(view)).build()
                    : Response.status(422).entity(Templates.timelinePage(view)).build();
        }
    }

    @GET
    @Path("/tasks")
    public TemplateInstance tasks(@PathParam("accountId") String accountId, @QueryParam("done") String done,
            @HeaderParam(Htmx.REQUEST) String htmx) {
        WorkspaceViews.TasksPanel view = views.tasks(accountId, null, Done.flash(done));
        return Htmx.isRequest(htmx) ? Templates.tasks(view) : Templates.tasksPage(view);
    }

    /** Adds a task to the account; answers the tasks panel (with the form's problems when it was refused). */
    @POST
    @Path("/tasks")
    @RolesAllowed({ "admin", "csm" })
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addTask(@PathParam("accountId") String accountId, @BeanParam TaskPost form,
            @HeaderParam(Htmx.REQUEST) String htmx) {
        try {
            Tasks.TaskView task = tasks.create(tasks.newTask(accountId, form.title(), form.dueDate(),
                    form.assigneeEmail()));
            if (!Htmx.isRequest(htmx)) {
                return (tasks.reaches(task) ? Done.ADDED : Done.ADDED_UNREACHED)
                        .redirect(Links.accountTasks(accountId));
            }
            return Htmx.ok(Templates.tasks(views.tasks(accountId, null, "Task added: " + task.title() + "."
                    + tasks.unreached(task))),
                    Htmx.Event.TASKS_CHANGED);
        } catch (InvalidInput e) {
            views.account(accountId);
            WorkspaceViews.TaskForm typed = views.typedTask(form.title(), form.dueDate(),
                    form.assigneeEmail(), FormWords.byField(e.errors()));
            WorkspaceViews.TasksPanel view = views.tasks(accountId, typed, null);
            return Htmx.isRequest(htmx) ? Response.ok(Templates.tasks(view)).build()
                    : Response.status(422).entity(Templates.tasksPage(view)).build();
        }
    }

    /** Runs a playbook on the account by hand; answers the tasks panel with the new tasks. */
    @POST
    @Path("/playbook-runs")
    @RolesAllowed({ "admin", "csm" })
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response runPlaybook(@PathParam("accountId") String accountId, @RestForm String playbook,
            @HeaderParam(Htmx.REQUEST) String htmx) {
        String why;
        try {
            List<Tasks.TaskView> created = playbooks.run(accountId, playbook == null ? "" : playbook);
            if (!Htmx.isRequest(htmx)) {
                return Done.STARTED.redirect(Links.accountTasks(accountId));
            }
            // an account without a CSM gets its tasks unassigned: said, as they show in no one's My tasks
            boolean unassigned = !created.isEmpty() && created.stream().allMatch(t -> t.assigneeEmail() == null);
            String said = "Playbook started: " + created.size() + (created.size() == 1 ? " task" : " tasks")
                    + " added" + (unassigned ? ", unassigned: the account has no CSM." : ".");
            return Htmx.ok(Templates.tasks(views.playbookRun(accountId, said)), Htmx.Event.TASKS_CHANGED);
        } catch (InvalidInput e) {
            why = String.join(" ", e.messages());
        } catch (jakarta.ws.rs.NotFoundException e) {
            views.account(accountId);
            why = playbook == null || playbook.isBlank() ? "Choose a playbook."
                    : "There is no playbook " + playbook.strip() + ": choose another.";
        }
        // refused: said as an error beside the choice, and nothing changed for the other panels to follow
        WorkspaceViews.TasksPanel view = views.runRefused(accountId, why);
        return Htmx.isRequest(htmx) ? Response.ok(Templates.tasks(view)).build()
                : Response.status(422).entity(Templates.tasksPage(view)).build();
    }

    /**
     * When a logged activity shows in the figures: after the recalculation, or, dated after the last month with
     * data (a call today, the figures through October), once the figures reach its month.
     */
    private String counted(Notes.Note note) {
        Optional<LocalDate> through = aheadOfTheFigures(note);
        if (through.isPresent()) {
            return ". " + Notes.COUNTS_ONCE_THEY_REACH + YearMonth.from(note.occurredAt()) + " (they run through "
                    + YearMonth.from(through.get()) + ", the latest month with data).";
        }
        return ". " + Notes.FIGURES_FOLLOW;
    }

    /** The figures' last day when {@code note} is dated after it (it counts once they reach its month), else empty. */
    private Optional<LocalDate> aheadOfTheFigures(Notes.Note note) {
        return snapshots.lastDay().filter(note.occurredAt()::isAfter);
    }
}
