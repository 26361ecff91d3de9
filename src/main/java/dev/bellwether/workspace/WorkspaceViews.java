package dev.bellwether.workspace;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.platform.Clocks;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.web.Links;

/** Builds the workspace panels' views: records for the templates, never entities. */
@ApplicationScoped
public class WorkspaceViews {

    /** Tasks the account page lists (open ones first, then the latest done). */
    static final int ACCOUNT_TASKS = 50;
    /** Tasks the CSM page's panel lists. */
    static final int MY_TASKS = 20;
    /** Entries a timeline page shows. */
    static final int TIMELINE_PAGE = 25;

    /** The note form: what was typed, its problems, and the latest date it takes (today). */
    /**
     * The note form: what was typed and its problems. A new form's date is empty: the page's script fills in the
     * person's own today (today in UTC when left empty, without the script); {@code max} is the latest any
     * person's today can be, which the script lowers to theirs.
     */
    public record NoteForm(String type, String occurredAt, String body, String attendees,
            List<FormWords.Problem> problems, String max) {

        /** Whether {@code field} has a problem: its input is then marked, and tied to it. */
        public boolean has(String field) {
            return FormWords.has(problems, field);
        }

        public List<NoteType> types() {
            return Arrays.asList(NoteType.values());
        }
    }

    /** The new-task form: what was typed and its problems. */
    public record TaskForm(String title, String dueDate, String assigneeEmail, List<FormWords.Problem> problems,
            String latestDue) {

        /** Whether {@code field} has a problem: its input is then marked, and tied to it. */
        public boolean has(String field) {
            return FormWords.has(problems, field);
        }
    }

    /** A kind the timeline can be filtered by, with its link and whether it is the one shown. */
    public record KindFilter(String label, String url, boolean current) {
    }

    /**
     * The timeline panel of an account; {@code url} is its own address (kind and page), which it reloads from
     * when a task or an alert of the account changed (their entries are on it).
     */
    public record TimelinePanel(String accountId, List<Timeline.Entry> entries, List<KindFilter> filters, int page,
            boolean more, String nextUrl, String previousUrl, boolean canWrite, NoteForm form, String flash,
            String url) {
    }

    /** The tasks panel of an account. */
    public record TasksPanel(String accountId, String csmEmail, List<Tasks.Line> tasks, Tasks.AccountCounts counts,
            boolean canWrite, List<PlaybookDocument> playbooks, TaskForm form, List<String> csms, String today,
            String flash, boolean refused, String runProblem, TaskDraft draft, boolean flashAside) {

        /**
         * Whether the flash is read out from the account page's region that stays ({@code #work-status}), not one
         * put in with the panel (seldom read): the control used (Run) stays too, and keeps the focus.
         */
        public boolean flashAside() {
            return flashAside;
        }

        /** The account's open tasks, all of them (the list shows at most 50). */
        public int openCount() {
            return counts.open();
        }

        /** Whether the list leaves tasks out: it then says how many it shows. */
        public boolean capped() {
            return counts.total() > tasks.size();
        }
    }

    /** The signed-in user's tasks: on the CSM page, its own page and the tile. */
    public record MyTasks(String email, List<Tasks.Line> tasks, int open, int overdue, boolean canWrite,
            List<String> csms,
            String today, String flash, boolean full, boolean refused, TaskDraft draft) {

        /** Which panel a task's forms ask to be answered with: this page's or the CSM page's. */
        public String from() {
            return full ? "page" : "panel";
        }
    }

    @Inject
    Timeline timeline;

    @Inject
    Tasks tasks;

    @Inject
    Playbooks playbooks;

    @Inject
    WorkspaceAccounts accounts;

    @Inject
    CurrentUser user;

    @Inject
    Clock clock;

    /** The account, or 404. */
    public WorkspaceAccounts.Ref account(String accountId) {
        return accounts.require(accountId);
    }

    public boolean canWrite() {
        return user.getRoles().contains(CurrentUser.CSM) || user.isAdmin();
    }

    public TimelinePanel timeline(String accountId, Timeline.Query asked, NoteForm typed, String flash) {
        Timeline.Query query = new Timeline.Query(asked.kinds(), TIMELINE_PAGE, asked.page());
        Timeline.Result result = timeline.of(accountId, query);
        String current = query.all() ? null
                : String.join(",", query.kinds().stream().map(TimelineKind::word).toList());
        List<KindFilter> filters = new java.util.ArrayList<>();
        filters.add(new KindFilter("All", Links.accountTimeline(accountId, null, 1), query.all()));
        for (TimelineKind kind : TimelineKind.values()) {
            filters.add(new KindFilter(kind.label(), Links.accountTimeline(accountId, kind.word(), 1),
                    !query.all() && query.kinds().size() == 1 && query.kinds().contains(kind)));
        }
        NoteForm form = typed != null ? typed : blankNote();
        return new TimelinePanel(accountId, result.entries(), filters, query.page(), result.more(),
                Links.accountTimeline(accountId, current, query.page() + 1),
                query.page() > 1 ? Links.accountTimeline(accountId, current, query.page() - 1) : null, canWrite(), form,
                flash, Links.accountTimeline(accountId, current, query.page()));
    }

    public NoteForm blankNote() {
        return new NoteForm("call", "", "", "", List.of(), Notes.latest(clock).toString());
    }

    public NoteForm typedNote(String type, String occurredAt, String body, String attendees,
            List<FormWords.Problem> problems) {
        return new NoteForm(type, occurredAt, body, attendees, problems, Notes.latest(clock).toString());
    }

    public TaskForm typedTask(String title, String dueDate, String assigneeEmail, List<FormWords.Problem> problems) {
        return new TaskForm(title, dueDate, assigneeEmail, problems, tasks.latestDue().toString());
    }

    public TasksPanel tasks(String accountId, TaskForm typed, String flash) {
        return tasks(accountId, typed, flash, false, null, TaskDraft.NONE);
    }

    /**
     * The account's tasks with why a change of one was refused (shown as an error, not as done), that task's
     * form as it was sent.
     */
    public TasksPanel tasksRefused(String accountId, String why, TaskDraft draft) {
        return tasks(accountId, null, why, true, null, draft);
    }

    /** The account's tasks with why a playbook was not run, said beside the playbook's choice. */
    public TasksPanel runRefused(String accountId, String why) {
        return tasks(accountId, null, null, true, why, TaskDraft.NONE);
    }

    /** The account's tasks with what a playbook run added ({@code said}), read out as Run keeps the focus. */
    public TasksPanel playbookRun(String accountId, String said) {
        return tasks(accountId, null, said, false, null, TaskDraft.NONE, true);
    }

    private TasksPanel tasks(String accountId, TaskForm typed, String flash, boolean refused, String runProblem,
            TaskDraft draft) {
        return tasks(accountId, typed, flash, refused, runProblem, draft, false);
    }

    private TasksPanel tasks(String accountId, TaskForm typed, String flash, boolean refused, String runProblem,
            TaskDraft draft, boolean flashAside) {
        WorkspaceAccounts.Ref account = accounts.require(accountId);
        List<Tasks.Line> lines = tasks.list(new Tasks.Filter(null, null, account.accountId(), ACCOUNT_TASKS));
        List<PlaybookDocument> runnable = canWrite()
                ? playbooks.list().stream().filter(PlaybookDocument::enabled).toList() : List.of();
        LocalDate today = Clocks.today(clock);
        TaskForm form = typed != null ? typed : typedTask("", today.plusDays(7).toString(), "", List.of());
        return new TasksPanel(account.accountId(), account.csmEmail(), lines,
                tasks.accountCounts(account.accountId()), canWrite(), runnable, form,
                canWrite() ? accounts.csmEmails() : List.of(), today.toString(), flash, refused, runProblem, draft,
                flashAside);
    }

    /** The CSM page's overdue-tasks tile: the count alone. */
    public MyTasks overdue() {
        String email = user.getEmail();
        Tasks.OpenCounts counts = tasks.openCounts(email);
        return new MyTasks(email, List.of(), counts.open(), counts.overdue(), canWrite(), List.of(),
                Clocks.today(clock).toString(), null, false, false, TaskDraft.NONE);
    }

    public MyTasks mine(boolean full, String flash) {
        return mine(full, flash, TaskDraft.NONE, false);
    }

    /**
     * The user's tasks with why a change of one was refused (shown as an error, not as done), that task's form as
     * it was sent.
     */
    public MyTasks mineRefused(boolean full, String why, TaskDraft draft) {
        return mine(full, why, draft, true);
    }

    private MyTasks mine(boolean full, String flash, TaskDraft draft, boolean refused) {
        String email = user.getEmail();
        List<Tasks.Line> lines = email == null ? List.of()
                : tasks.list(new Tasks.Filter(email, TaskStatus.OPEN, null, full ? Tasks.LIST_MAX : MY_TASKS));
        Tasks.OpenCounts counts = tasks.openCounts(email);
        return new MyTasks(email, lines, counts.open(), counts.overdue(), canWrite(),
                canWrite() ? accounts.csmEmails() : List.of(), Clocks.today(clock).toString(), flash, full, refused,
                draft);
    }
}
