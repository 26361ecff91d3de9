package dev.bellwether.workspace;

import java.util.UUID;

/**
 * A task's reassign or reschedule form as it was sent when it was refused (a due day past the latest, an
 * assignee who is no email): the panel answered in its place opens that task's fold again and shows what was
 * typed, marked, rather than the task's own values. htmx keeps a refused form's fields itself (app.js); a form
 * posted before htmx loaded, or without JavaScript, gets the whole page, which only this carries. {@link #NONE}
 * for every other task, and for every panel that answers no refusal.
 */
public record TaskDraft(UUID taskId, String action, String dueDate, String assigneeEmail) {

    public static final TaskDraft NONE = new TaskDraft(null, "", "", "");

    /** The form of {@code taskId} as refused; NONE when its action was neither reassign nor reschedule. */
    public static TaskDraft of(UUID taskId, TasksPage.TaskAction form) {
        String action = form.action() == null ? "" : form.action();
        if (!action.equals("reassign") && !action.equals("reschedule")) {
            return NONE;
        }
        return new TaskDraft(taskId, action, orEmpty(form.dueDate()), orEmpty(form.assigneeEmail()));
    }

    /** What the forms of the task {@code id} show: this when it was that task's, else nothing typed. */
    public TaskDraft of(UUID id) {
        return id.equals(taskId) ? this : NONE;
    }

    /** Whether the task's fold opens on its refused form. */
    public boolean opened() {
        return taskId != null;
    }

    /** Whether {@code name} ({@code dueDate} or {@code assigneeEmail}) is the field of the refused form. */
    public boolean faulty(String name) {
        return action.equals("reschedule") ? name.equals("dueDate") : action.equals("reassign")
                && name.equals("assigneeEmail");
    }

    /** The due day the reschedule form shows: as typed when it was refused, else null (the task's own). */
    public String typedDue() {
        return faulty("dueDate") ? dueDate : null;
    }

    /** The assignee the reassign form shows: as typed when it was refused, else null (the task's own). */
    public String typedAssignee() {
        return faulty("assigneeEmail") ? assigneeEmail : null;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
