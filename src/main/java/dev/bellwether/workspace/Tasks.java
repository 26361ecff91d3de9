package dev.bellwether.workspace;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.metrics.calc.MetricsEngine;
import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.InvalidInput;
import dev.bellwether.platform.Text;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Row;
import dev.bellwether.tenant.CurrentUser;

/**
 * Tasks: listed overdue first, created by hand (assigned to the account's CSM unless someone else is
 * named) or by playbook runs, completed, reassigned and rescheduled. Every change is audited.
 */
@ApplicationScoped
@Named("tasks") // the pages' due-date fields take their latest date from here ({inject:tasks.latestDue})
public class Tasks {

    /** The longest title, in characters. */
    public static final int TITLE_MAX = 200;
    /** The most tasks one list answers. */
    public static final int LIST_MAX = 1000;
    static final LocalDate EARLIEST_DUE = LocalDate.of(2000, 1, 1);
    static final int LATEST_DUE_YEARS = 10;
    /** The assignee that is the user themselves, in a list's filter and a task's assignee alike (any case). */
    static final String ME = "me";

    /** {@link #unreached} without the address, for a redirect's fixed message. */
    static final String UNREACHED = " No account has its assignee as CSM and no one who signs in has that address:"
            + " check it, or the task is in nobody's My tasks.";

    /** A task as the API answers it (docs/api.md). */
    public record TaskView(UUID id, String accountId, String title, LocalDate dueDate, String assigneeEmail,
            TaskStatus status, String playbook, Long alertId, Instant createdAt, Instant doneAt) {
    }

    /** A task as the pages list it: with its account's name and whether it is overdue. */
    public record Line(TaskView task, String accountName, boolean overdue) {

        public UUID id() {
            return task.id();
        }

        public boolean done() {
            return task.status() == TaskStatus.DONE;
        }
    }

    /**
     * Which tasks to list; null fields do not filter. {@code assignee} is an email; {@code offset} the tasks of the
     * order skipped first (the API's pages).
     */
    public record Filter(String assignee, TaskStatus status, String accountId, int limit, long offset) {

        public Filter(String assignee, TaskStatus status, String accountId, int limit) {
            this(assignee, status, accountId, limit, 0);
        }
    }

    /** A new task, validated. */
    public record NewTask(String accountId, String title, LocalDate dueDate, String assigneeEmail) {
    }

    /** A change: what is null stays as it is; {@code unassign} clears the assignee. */
    public record Change(TaskStatus status, LocalDate dueDate, String assigneeEmail, boolean unassign) {
    }

    @Inject
    TaskRepository tasks;

    @Inject
    WorkspaceAccounts accounts;

    @Inject
    Database database;

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    @Inject
    Clock clock;

    /** The earliest and latest due dates a task may have. */
    public LocalDate latestDue() {
        return Clocks.today(clock).plusYears(LATEST_DUE_YEARS);
    }

    /** The tasks {@code filter} selects: open overdue first, then open by due date, then done, newest first. */
    public List<Line> list(Filter filter) {
        LocalDate today = Clocks.today(clock);
        StringBuilder sql = new StringBuilder("""
                select t.id, t.account_id, a.name, t.title, t.due_date, t.assignee_email, t.status, t.playbook_key,
                       t.alert_id, t.created_at, t.done_at
                from task t join account a on a.tenant_id = t.tenant_id and a.account_id = t.account_id
                where true""");
        List<Object> parameters = new ArrayList<>();
        if (filter.assignee() != null) {
            sql.append(" and t.assignee_email = ?");
            parameters.add(filter.assignee().toLowerCase(Locale.ROOT));
        }
        if (filter.status() != null) {
            sql.append(" and t.status = ?");
            parameters.add(filter.status());
        }
        if (filter.accountId() != null) {
            sql.append(" and t.account_id = ?");
            parameters.add(filter.accountId());
        }
        if (filter.status() == TaskStatus.OPEN) {
            // open only: "overdue first, then by due date" is the due date's order, which the (tenant, assignee,
            // status, due date) index gives, so a CSM's first ten tasks are read without sorting all of them
            sql.append(" order by t.due_date, t.created_at, t.id limit ? offset ?");
        } else {
            sql.append('\n').append("""
                     order by case when t.status = 'open' and t.due_date < ? then 0
                                   when t.status = 'open' then 1 else 2 end,
                              case when t.status = 'open' then t.due_date end, t.done_at desc, t.created_at, t.id
                     limit ? offset ?""");
            parameters.add(today);
        }
        parameters.add(Math.max(1, Math.min(filter.limit(), LIST_MAX + 1))); // one more: is the list cut?
        parameters.add(Math.max(0, filter.offset()));
        return database.query(sql.toString(), row -> line(row, today), parameters.toArray());
    }

    /** How many open tasks someone has, and how many of them are overdue. */
    public record OpenCounts(int open, int overdue) {
    }

    public OpenCounts openCounts(String assignee) {
        if (assignee == null) {
            return new OpenCounts(0, 0);
        }
        return database.one("select count(*)::int as open, (count(*) filter (where due_date < ?))::int as overdue"
                + " from task where assignee_email = ? and status = 'open'",
                row -> new OpenCounts(row.integer("open"), row.integer("overdue")), Clocks.today(clock),
                assignee.toLowerCase(Locale.ROOT));
    }

    /** How many tasks an account has, and how many of them are open. */
    public record AccountCounts(int total, int open) {
    }

    public AccountCounts accountCounts(String accountId) {
        return database.one("select count(*)::int as total, (count(*) filter (where status = 'open'))::int as open"
                + " from task where account_id = ?",
                row -> new AccountCounts(row.integer("total"), row.integer("open")), accountId);
    }

    public Optional<TaskView> find(UUID id) {
        return tasks.findByIdOptional(id).map(Tasks::view);
    }

    /** Checks a new task; 422 with every problem. The account is looked up by {@link #create} (404). */
    public NewTask newTask(String accountId, String title, String dueDate, String assigneeEmail) {
        List<FieldError> errors = new ArrayList<>();
        if (accountId == null || accountId.isBlank()) {
            errors.add(new FieldError("accountId", "accountId is required"));
        }
        String cleanTitle = title(title, errors);
        LocalDate due = null;
        if (dueDate == null || dueDate.isBlank()) {
            errors.add(new FieldError("dueDate", "dueDate is required"));
        } else {
            due = Body.Dates.parse("dueDate", dueDate.strip(), EARLIEST_DUE, latestDue(),
                    (f, m) -> errors.add(new FieldError(f, m)));
        }
        String assignee = email(assigneeEmail, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return new NewTask(accountId, cleanTitle, due, assignee); // exactly, as every lookup of an id
    }

    /** Creates the task; the assignee defaults to the account's CSM. 404 for an account the tenant does not have. */
    @Transactional
    public TaskView create(NewTask request) {
        WorkspaceAccounts.Ref account = accounts.require(request.accountId());
        Task task = new Task();
        task.id = UUID.randomUUID();
        task.accountId = account.accountId();
        task.title = request.title();
        task.dueDate = request.dueDate();
        task.assigneeEmail = request.assigneeEmail() != null ? request.assigneeEmail()
                : account.csmEmail() == null ? null : account.csmEmail().toLowerCase(Locale.ROOT);
        task.status = TaskStatus.OPEN;
        task.createdAt = clock.instant();
        task.createdBy = user.getUsername();
        tasks.persist(task);
        tasks.flush();
        audit.append(new AuditLog.Entry(user.getUsername(), user.getName(), AuditKind.TASK, account.accountId(),
                "Task \"" + task.title + "\" created on " + account.accountId() + ", due " + task.dueDate,
                List.of(new AuditDiff.Change("title", null, task.title),
                        new AuditDiff.Change("dueDate", null, task.dueDate.toString()),
                        new AuditDiff.Change("assigneeEmail", null, task.assigneeEmail))));
        return view(task);
    }

    /**
     * What a page adds to its message when {@code task}'s assignee reaches nobody (a typo, say): empty when it
     * does. The API takes any address, as the accounts import does for a CSM.
     */
    public String unreached(TaskView task) {
        return reaches(task) ? "" : " No account has " + task.assigneeEmail() + " as its CSM and no one who signs in"
                + " has that address: check it, or the task is in nobody's My tasks.";
    }

    /** Whether {@code task} is unassigned or its assignee is someone ({@link WorkspaceAccounts#reachesSomeone}). */
    public boolean reaches(TaskView task) {
        return accounts.reachesSomeone(task.assigneeEmail());
    }

    /** Checks a change; 422 with every problem. */
    public Change change(String status, String dueDate, String assigneeEmail, boolean assigneeGiven) {
        List<FieldError> errors = new ArrayList<>();
        TaskStatus newStatus = null;
        if (status != null) {
            newStatus = TaskStatus.of(status.strip()).orElse(null);
            if (newStatus == null) {
                errors.add(new FieldError("status", "status must be open or done"));
            }
        }
        LocalDate due = dueDate == null ? null
                : Body.Dates.parse("dueDate", dueDate.strip(), EARLIEST_DUE, latestDue(),
                        (f, m) -> errors.add(new FieldError(f, m)));
        String assignee = email(assigneeEmail, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return new Change(newStatus, due, assignee, assigneeGiven && assignee == null);
    }

    /** Applies {@code change} to task {@code id}; 404 when the tenant has no such task. */
    @Transactional
    public TaskView apply(UUID id, Change change) {
        // locked until the end: two changes at once take turns instead of one writing back a stale copy
        Task task = tasks.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundException("No task " + id));
        List<AuditDiff.Change> changes = new ArrayList<>();
        Instant now = clock.instant();
        if (change.status() != null && change.status() != task.status) {
            changes.add(new AuditDiff.Change("status", task.status.word(), change.status().word()));
            task.status = change.status();
            boolean done = change.status() == TaskStatus.DONE;
            task.doneAt = done ? now : null;
            task.doneBy = done ? user.getUsername() : null;
        }
        if (change.dueDate() != null && !change.dueDate().equals(task.dueDate)) {
            changes.add(new AuditDiff.Change("dueDate", task.dueDate.toString(), change.dueDate().toString()));
            task.dueDate = change.dueDate();
        }
        String assignee = change.unassign() ? null : change.assigneeEmail() != null ? change.assigneeEmail()
                : task.assigneeEmail;
        if (!Objects.equals(assignee, task.assigneeEmail)) {
            changes.add(new AuditDiff.Change("assigneeEmail", task.assigneeEmail, assignee));
            task.assigneeEmail = assignee;
        }
        if (!changes.isEmpty()) {
            task.changedAt = now; // for its history (task_event)
            task.changedBy = user.getUsername();
            tasks.flush();
            audit.append(new AuditLog.Entry(user.getUsername(), user.getName(), AuditKind.TASK, task.accountId,
                    "Task \"" + task.title + "\" on " + task.accountId + " " + summary(changes), changes));
        }
        return view(task);
    }

    private static String summary(List<AuditDiff.Change> changes) {
        List<String> parts = new ArrayList<>();
        for (AuditDiff.Change c : changes) {
            parts.add(switch (c.field()) {
                case "status" -> "done".equals(c.after()) ? "done" : "reopened";
                case "dueDate" -> "rescheduled to " + c.after();
                default -> c.after() == null ? "unassigned" : "assigned to " + c.after();
            });
        }
        return String.join(", ", parts);
    }

    private static String title(String title, List<FieldError> errors) {
        String text = title == null ? "" : title.strip();
        if (Text.looksEmpty(text)) { // a zero-width or a no-break space alone reads as no title
            errors.add(new FieldError("title", "title is required"));
        } else if (!Text.wellFormed(text)) {
            errors.add(new FieldError("title", Body.notACharacter("title")));
        } else if (Text.characters(text) > TITLE_MAX) {
            errors.add(new FieldError("title", "title is at most " + TITLE_MAX + " characters"));
        }
        return text;
    }

    /** An assignee as written; {@code me} (any case) is the user, by their verified address, as a list's filter is. */
    private String email(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (ME.equalsIgnoreCase(value.strip())) {
            String mine = user.getEmail();
            if (mine == null) {
                errors.add(new FieldError("assigneeEmail", "assigneeEmail \"me\" is you, and your sign-in has no"
                        + " verified email address: write the assignee's address"));
                return null;
            }
            return mine.toLowerCase(java.util.Locale.ROOT);
        }
        String address = Body.address(value);
        if (address == null) {
            errors.add(new FieldError("assigneeEmail", Body.addressProblem("assigneeEmail")));
        } else if (MetricsEngine.csmOf(address) == null) {
            // everywhere else these words are no CSM: as an assignee they would be listed, and counted, as a person
            errors.add(new FieldError("assigneeEmail", "assigneeEmail \"" + address + "\" names nobody (it is the"
                    + " word for no CSM): name a person"));
            return null;
        }
        return address;
    }

    static TaskView view(Task task) {
        return new TaskView(task.id, task.accountId, task.title, task.dueDate, task.assigneeEmail, task.status,
                task.playbookKey, task.alertId, task.createdAt, task.doneAt);
    }

    private static Line line(Row row, LocalDate today) {
        TaskView task = new TaskView(row.uuid("id"), row.string("account_id"), row.string("title"),
                row.localDate("due_date"), row.string("assignee_email"), row.word("status", TaskStatus.class),
                row.string("playbook_key"), row.nullableLong("alert_id"), row.instant("created_at"),
                row.instant("done_at"));
        return new Line(task, row.string("name"),
                task.status() == TaskStatus.OPEN && task.dueDate().isBefore(today));
    }
}
