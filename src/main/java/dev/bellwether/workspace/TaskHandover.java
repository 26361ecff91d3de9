package dev.bellwether.workspace;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.tenant.CurrentUser;

/**
 * Everyone's open tasks at once, for the team page: how many each address holds, and handing all of
 * one person's open tasks to another (someone leaves, or is away). Each task moved is audited as a
 * reassignment by hand is. The caller decides who may take them.
 */
@ApplicationScoped
public class TaskHandover {

    @Inject
    Database database;

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    @Inject
    Clock clock;

    private record Counted(String email, Tasks.OpenCounts counts) {
    }

    private record Moved(String accountId, String title) {
    }

    /** Open tasks (and how many of them are overdue) by assignee address, in lower case; nobody's are left out. */
    public Map<String, Tasks.OpenCounts> openByAssignee() {
        return database.query("""
                select lower(assignee_email) as email, count(*)::int as open,
                       (count(*) filter (where due_date < ?))::int as overdue
                from task where status = 'open' and assignee_email is not null group by 1""",
                row -> new Counted(row.string("email"), new Tasks.OpenCounts(row.integer("open"),
                        row.integer("overdue"))), Clocks.today(clock))
                .stream().collect(Collectors.toMap(Counted::email, Counted::counts));
    }

    /** Assigns every open task of {@code from} to {@code to}, in the caller's transaction; how many moved. */
    public int handOver(String from, String to) {
        String was = from.toLowerCase(Locale.ROOT);
        String now = to.toLowerCase(Locale.ROOT);
        List<Moved> moved = database.query("""
                update task set assignee_email = ? where lower(assignee_email) = ? and status = 'open'
                returning account_id, title""", row -> new Moved(row.string("account_id"), row.string("title")),
                now, was);
        for (Moved task : moved) {
            audit.append(new AuditLog.Entry(user.getUsername(), user.getName(), AuditKind.TASK, task.accountId(),
                    "Task \"" + task.title() + "\" on " + task.accountId() + " assigned to " + now
                            + " (handed over from " + was + ")",
                    List.of(new AuditDiff.Change("assigneeEmail", was, now))));
        }
        return moved.size();
    }
}
