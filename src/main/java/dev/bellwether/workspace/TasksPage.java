package dev.bellwether.workspace;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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

import dev.bellwether.platform.InvalidInput;
import dev.bellwether.web.Htmx;
import dev.bellwether.web.Links;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /tasks}: the signed-in user's open tasks, overdue first (its own page, the panel the CSM page
 * loads, and the overdue-tasks tile), and where every task's inline forms post: complete, reopen,
 * reassign, reschedule. Every role reads; csm and admin change tasks.
 */
@Path("/tasks")
@RolesAllowed({ "admin", "executive", "csm" })
@Produces(MediaType.TEXT_HTML)
public class TasksPage {

    /** What a task's inline forms post: the action and, for reassign or reschedule, the new value. */
    public record TaskAction(@RestForm String action, @RestForm String assigneeEmail, @RestForm String dueDate) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(WorkspaceViews.MyTasks view);

        static native TemplateInstance page$panel(WorkspaceViews.MyTasks view);

        static native TemplateInstance tile(WorkspaceViews.MyTasks view);
    }

    @Inject
    WorkspaceViews views;

    @Inject
    Tasks tasks;

    @GET
    public TemplateInstance page(@QueryParam("done") String done) {
        return Templates.page(views.mine(true, Done.flash(done)));
    }

    @GET
    @Path("/panel")
    public TemplateInstance panel() {
        return Templates.page$panel(views.mine(false, null));
    }

    @GET
    @Path("/tile")
    public TemplateInstance tile() {
        return Templates.tile(views.overdue());
    }

    /**
     * Completes, reopens, reassigns or reschedules a task; answers the panel it was changed from
     * ({@code from}: account, page or the CSM page's panel), with the outcome or what was wrong.
     */
    @POST
    @Path("/{id}")
    @RolesAllowed({ "admin", "csm" })
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("id") String id, @QueryParam("from") String from, @BeanParam TaskAction form,
            @HeaderParam(Htmx.REQUEST) String htmx) {
        Tasks.TaskView task = tasks.find(TasksApi.uuid(id))
                .orElseThrow(() -> new jakarta.ws.rs.NotFoundException("No task " + id));
        String flash;
        try {
            Tasks.Change change = switch (form.action() == null ? "" : form.action()) {
                case "complete" -> tasks.change("done", null, null, false);
                case "reopen" -> tasks.change("open", null, null, false);
                case "reassign" -> tasks.change(null, null, form.assigneeEmail(), true);
                case "reschedule" -> tasks.change(null, form.dueDate() == null || form.dueDate().isBlank() ? ""
                        : form.dueDate(), null, false);
                default -> throw new InvalidInput("action", "Choose complete, reopen, reassign or reschedule.");
            };
            Tasks.TaskView changed = tasks.apply(task.id(), change);
            if (!Htmx.isRequest(htmx)) {
                // said of a reassignment only, as the panel says it (completing a task is no time to doubt it)
                return ("reassign".equals(form.action()) && !tasks.reaches(changed) ? Done.CHANGED_UNREACHED
                        : Done.CHANGED)
                        .redirect("account".equals(from) ? Links.accountTasks(task.accountId()) : "/tasks");
            }
            flash = "\"" + changed.title() + "\" " + switch (form.action()) {
                case "complete" -> "done.";
                case "reopen" -> "reopened.";
                case "reassign" -> changed.assigneeEmail() == null ? "unassigned."
                        : "assigned to " + changed.assigneeEmail() + "." + tasks.unreached(changed);
                default -> "now due " + changed.dueDate() + ".";
            };
        } catch (InvalidInput e) {
            // refused: the panel says why, as an error, and nothing changed for the other panels to follow
            // the task named, the problem in the fold's words: the panel's message is far from the fold's field
            String why = "\"" + task.title() + "\": " + FormWords.joined(e.errors());
            TaskDraft draft = TaskDraft.of(task.id(), form);
            if (!Htmx.isRequest(htmx)) { // the page it came from
                TemplateInstance page = "account".equals(from)
                        ? AccountWorkspacePage.Templates.tasksPage(views.tasksRefused(task.accountId(), why, draft))
                        : Templates.page(views.mineRefused(true, why, draft));
                return Response.status(422).entity(page).build();
            }
            // 422, as every form's refusal: the page's script keeps what was typed in the fold it was typed in
            return Response.status(422).entity(switch (from == null ? "" : from) {
                case "account" ->
                    AccountWorkspacePage.Templates.tasks(views.tasksRefused(task.accountId(), why, draft));
                case "page" -> Templates.page$panel(views.mineRefused(true, why, draft));
                default -> Templates.page$panel(views.mineRefused(false, why, draft));
            }).build();
        }
        TemplateInstance answer = switch (from == null ? "" : from) {
            case "account" -> AccountWorkspacePage.Templates.tasks(views.tasks(task.accountId(), null, flash));
            case "page" -> Templates.page$panel(views.mine(true, flash));
            default -> Templates.page$panel(views.mine(false, flash));
        };
        return Htmx.ok(answer, Htmx.Event.TASKS_CHANGED);
    }
}
