package dev.bellwether.workspace;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bellwether.platform.Ids;
import dev.bellwether.tenant.CurrentUser;

/** {@code /api/v1/tasks}: the tenant's tasks (docs/api.md). Everyone reads; csm and admin change them. */
@Path("/api/v1/tasks")
@RolesAllowed({ "admin", "executive", "csm" })
@Produces(MediaType.APPLICATION_JSON)
public class TasksApi {

    private static final Set<String> NEW_FIELDS = Set.of("accountId", "title", "dueDate", "assigneeEmail");
    private static final Set<String> CHANGE_FIELDS = Set.of("status", "dueDate", "assigneeEmail");

    @Inject
    Tasks tasks;

    @Inject
    CurrentUser user;

    @Inject
    WorkspaceAccounts accounts;

    /** The header an answer cut at its limit carries: more tasks match than it lists. */
    static final String TRUNCATED = "X-Truncated";

    /** The last page that may be asked for: a million tasks at the largest limit. */
    static final int MAX_PAGE = 1_000;

    /**
     * Tasks, overdue first. {@code assignee}: {@code me} or an email; {@code status}: open or done;
     * {@code accountId} (404 for an account the tenant does not have); {@code limit} at most 1,000 (500 by
     * default); {@code page} from 1. An answer cut at its limit says so in {@value #TRUNCATED}: true (it used to
     * end there silently), and the next page holds the tasks that follow.
     */
    @GET
    public Response list(@QueryParam("assignee") String assignee, @QueryParam("status") String status,
            @QueryParam("accountId") String accountId, @QueryParam("limit") String limit,
            @QueryParam("page") String page) {
        Body.Query query = new Body.Query();
        String email = null;
        boolean me = assignee != null && Tasks.ME.equalsIgnoreCase(assignee.strip());
        if (assignee != null && !assignee.isBlank()) {
            email = me ? user.getEmail() : query.email("assignee", assignee);
        }
        TaskStatus chosen = null;
        if (status != null && !status.isBlank()) {
            chosen = TaskStatus.of(status.strip()).orElse(null);
            if (chosen == null) {
                query.error("status", "status must be open or done");
            }
        }
        int max = query.integer("limit", limit, 1, Tasks.LIST_MAX, 500);
        // the pages past the first reach every task (past 1,000 one filter's tasks could not be read at all)
        int pageNumber = query.integer("page", page, 1, MAX_PAGE, 1);
        query.check();
        String account = accountId == null || accountId.isBlank() ? null : accountId.strip();
        if (account != null) {
            // an account the tenant does not have (a typo, another tenant's) is a 404, as everywhere, not "no tasks"
            accounts.require(account);
        }
        if (me && email == null) {
            // no verified email: nothing is assigned to them (the rest was checked all the same)
            return Response.ok(List.of()).build();
        }
        List<Tasks.TaskView> found = tasks.list(new Tasks.Filter(email, chosen, account, max + 1,
                (long) (pageNumber - 1) * max)).stream()
                .map(Tasks.Line::task).toList();
        return found.size() > max ? Response.ok(found.subList(0, max)).header(TRUNCATED, "true").build()
                : Response.ok(found).build();
    }

    /** One task, where a new task's {@code Location} points; 404 for a task the tenant does not have. */
    @GET
    @Path("/{id}")
    public Tasks.TaskView one(@PathParam("id") String id) {
        UUID taskId = uuid(id);
        return tasks.find(taskId).orElseThrow(() -> new NotFoundException("No task " + id));
    }

    /** Creates a task: 201 with it; 404 for an account the tenant does not have; 422 with what is wrong. */
    @POST
    @RolesAllowed({ "admin", "csm" })
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode json) {
        Body body = Body.of(json, NEW_FIELDS);
        String accountId = body.text("accountId", false, 128);
        String title = body.text("title", false, Tasks.TITLE_MAX);
        String dueDate = body.text("dueDate", false, 32);
        String assignee = body.text("assigneeEmail", false, 512);
        Tasks.TaskView task = tasks.create(body.check(() -> tasks.newTask(accountId, title, dueDate, assignee)));
        return Response.created(URI.create("/api/v1/tasks/" + task.id())).entity(task).build();
    }

    /** Changes status, due date or assignee: 200 with the task; 404 for a task the tenant does not have. */
    @PATCH
    @Path("/{id}")
    @RolesAllowed({ "admin", "csm" })
    @Consumes(MediaType.APPLICATION_JSON)
    public Tasks.TaskView change(@PathParam("id") String id, JsonNode json) {
        UUID taskId = uuid(id);
        Body body = Body.of(json, CHANGE_FIELDS);
        String status = body.change("status", 16, "status must be open or done");
        String dueDate = body.change("dueDate", 32, "dueDate must be a date as YYYY-MM-DD: a task keeps a due date");
        String assignee = body.text("assigneeEmail", false, 512); // null or "" unassigns
        return tasks.apply(taskId, body.check(() -> tasks.change(status, dueDate, assignee,
                body.has("assigneeEmail"))));
    }

    /** A task id; anything that is not one is a task the tenant does not have (404). */
    static UUID uuid(String id) {
        return Ids.uuid(id).orElseThrow(() -> new NotFoundException("No task " + id));
    }
}
