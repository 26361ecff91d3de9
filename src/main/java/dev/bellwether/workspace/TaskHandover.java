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

    private record Moved(String accountId, String title, String was) {
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
        // the address each task had, as it was written, for the audit
        List<Moved> moved = database.query("""
                with held as (select tenant_id, id, assignee_email from task
                              where lower(assignee_email) = ? and status = 'open' for update)
                update task t set assignee_email = ?, changed_at = ?, changed_by = ? from held
                where t.tenant_id = held.tenant_id and t.id = held.id
                returning t.account_id, t.title, held.assignee_email as was""",
                row -> new Moved(row.string("account_id"), row.string("title"), row.string("was")), was, now,
                clock.instant(), user.getUsername());
        for (Moved task : moved) {
            audit.append(new AuditLog.Entry(user.getUsername(), user.getName(), AuditKind.TASK, task.accountId(),
                    "Task \"" + task.title() + "\" on " + task.accountId() + " assigned to " + now
                            + " (handed over from " + task.was() + ")",
                    List.of(new AuditDiff.Change("assigneeEmail", task.was(), now))));
        }
        return moved.size();
    }
}
