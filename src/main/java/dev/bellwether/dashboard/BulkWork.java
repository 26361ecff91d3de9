package dev.bellwether.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.transaction.Transactional;

import dev.bellwether.platform.InvalidInput;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.workspace.FormWords;
import dev.bellwether.workspace.PlaybookDocument;
import dev.bellwether.workspace.Playbooks;
import dev.bellwether.workspace.Tasks;

/**
 * The CSM page's bulk bar, the work it creates: a task on each selected account, or a playbook run on
 * each. All or nothing, like {@link BulkActions}: the selection and the input are checked before anything
 * is written (an unknown or another tenant's account, an empty title, a bad date, an unknown or disabled
 * playbook refuse the whole action), and the writes share one transaction. Tasks and runs go through the
 * workspace's own services, which audit them. Templates read the enabled playbooks as
 * {@code inject:bulkWork.playbooks}.
 */
@ApplicationScoped
@Named("bulkWork")
public class BulkWork {

    /**
     * What an action created: tasks over how many accounts, of which {@code unassigned} for accounts without a CSM
     * (in nobody's list: said, as the account page says it); {@code playbook} names the playbook run, if any.
     */
    public record Created(int tasks, int accounts, int unassigned, String playbook) {

        public String sentence() {
            String nobody = unassigned == 0 ? "" : unassigned == 1
                    ? " 1 task is unassigned: its account has no CSM."
                    : " " + unassigned + " tasks are unassigned: their accounts have no CSM.";
            if (playbook == null) {
                return "Created " + plural(tasks, "task") + " on " + plural(accounts, "account") + "." + nobody;
            }
            return "Ran \u201c" + playbook + "\u201d on " + plural(accounts, "account") + ": "
                    + plural(tasks, "task") + " created." + nobody;
        }
    }

    @Inject
    BulkActions bulk;

    @Inject
    Tasks tasks;

    @Inject
    Playbooks playbooks;

    @Inject
    CurrentUser user;

    /** The playbooks a CSM may run by hand from the bar: the enabled ones, whatever their trigger. */
    public List<PlaybookDocument> playbooks() {
        return playbooks.list().stream().filter(PlaybookDocument::enabled).toList();
    }

    /**
     * Creates one task on each selected account: {@code title}, due {@code dueDate} (YYYY-MM-DD), for each
     * account's CSM, or for the person acting when {@code assignee} is {@code me} (their verified email).
     */
    @Transactional
    public Created createTasks(List<String> ids, String title, String dueDate, String assignee) {
        Set<String> selected = bulk.selection(ids);
        String email = null;
        if ("me".equals(assignee)) {
            email = user.getEmail();
            if (email == null) {
                throw new InvalidInput("assignee", "Your sign-in has no verified email, so no task can be yours;"
                        + " nothing was changed.");
            }
        } else if (assignee != null && !assignee.isBlank() && !"csm".equals(assignee)) {
            throw new InvalidInput("assignee", "Assign the tasks to each account's CSM or to yourself.");
        }
        List<Tasks.NewTask> requests = new ArrayList<>();
        for (String id : selected) {
            try {
                requests.add(tasks.newTask(id, title, dueDate, email));
            } catch (InvalidInput e) {
                throw new InvalidInput(e.errors().get(0).field(), sentence(e));
            }
        }
        int unassigned = (int) requests.stream().map(tasks::create).filter(task -> task.assigneeEmail() == null)
                .count();
        return new Created(requests.size(), selected.size(), unassigned, null);
    }

    /** Runs the playbook {@code key} on each selected account: its steps become tasks for the account's CSM. */
    @Transactional
    public Created runPlaybook(List<String> ids, String key) {
        Set<String> selected = bulk.selection(ids);
        if (key == null || key.isBlank()) {
            throw new InvalidInput("playbook", "Choose a playbook to run.");
        }
        PlaybookDocument playbook = playbooks.find(key.strip()).orElseThrow(
                () -> new InvalidInput("playbook", "There is no playbook " + key.strip() + "; nothing was changed."));
        if (!playbook.enabled()) {
            throw new InvalidInput("playbook",
                    "The playbook \u201c" + playbook.name() + "\u201d is disabled; nothing was changed.");
        }
        int created = 0;
        int unassigned = 0;
        for (String id : selected) {
            List<Tasks.TaskView> run = playbooks.run(id, playbook.key());
            created += run.size();
            unassigned += (int) run.stream().filter(task -> task.assigneeEmail() == null).count();
        }
        return new Created(created, selected.size(), unassigned, playbook.name());
    }

    /** The workspace's field messages ("dueDate is required") as the bar's sentence, in its labels' words. */
    static String sentence(InvalidInput e) {
        return String.join("; ", e.errors().stream().map(FormWords::sentence).toList()) + "; nothing was changed.";
    }

    static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
