package dev.bellwether.workspace;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.sql.Sql;

/**
 * Starts playbook runs on a given connection: by hand (the request's transaction) or for an alert
 * (the recalculation's saving transaction, so the tasks commit with the alert). A run for an alert
 * happens once: {@code playbook_run}'s unique (tenant, playbook, alert) and the task's unique (tenant,
 * run, step) make a second attempt write nothing. Each run is audited.
 */
@ApplicationScoped
public class PlaybookRuns {

    /** Who started the run: a person (actor, name) or the system for an alert. */
    public record Starter(String actor, String actorName) {
        static final Starter SYSTEM = new Starter("system", "Playbook trigger");
    }

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    /**
     * Runs {@code playbook} on the account for {@code alertId} (null: by hand): its steps become tasks
     * for {@code assignee}, due {@code dueInDays} after today. Empty when the alert already had its run.
     */
    public Optional<List<Tasks.TaskView>> start(Connection connection, String tenant, PlaybookDocument playbook,
            String accountId, String assignee, Long alertId, Starter starter) {
        LocalDate today = Clocks.today(clock);
        Instant now = clock.instant();
        UUID runId = UUID.randomUUID();
        Optional<UUID> run = Sql.first(connection, """
                insert into playbook_run (tenant_id, id, playbook_key, account_id, alert_id, started_on, started_at,
                                          started_by)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, playbook_key, alert_id) do nothing returning id""",
                row -> row.uuid("id"), tenant, runId, playbook.key(), accountId, alertId, today, now,
                starter.actor());
        if (run.isEmpty()) {
            return Optional.empty();
        }
        String email = assignee == null ? null : assignee.toLowerCase(Locale.ROOT);
        List<Tasks.TaskView> created = new ArrayList<>();
        for (int step = 0; step < playbook.steps().size(); step++) {
            PlaybookDocument.Step s = playbook.steps().get(step);
            UUID taskId = UUID.randomUUID();
            LocalDate due = today.plusDays(s.dueInDays());
            int inserted = Sql.update(connection, """
                    insert into task (tenant_id, id, account_id, title, due_date, assignee_email, status, playbook_key,
                                      run_id, step, alert_id, created_at, created_by)
                    values (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)
                    on conflict (tenant_id, run_id, step) do nothing""",
                    tenant, taskId, accountId, s.title(), due, email, playbook.key(), runId, step, alertId, now,
                    starter.actor());
            if (inserted == 1) {
                created.add(new Tasks.TaskView(taskId, accountId, s.title(), due, email, TaskStatus.OPEN,
                        playbook.key(), alertId, now, null));
            }
        }
        Sql.update(connection, """
                insert into audit_event (tenant_id, actor, actor_name, kind, subject, summary, changes)
                values (?, ?, ?, 'playbook', ?, ?, ?::jsonb)""",
                tenant, starter.actor(), starter.actorName(), accountId,
                "Playbook \"" + playbook.name() + "\" ran on " + accountId
                        + (alertId == null ? " by hand" : " for alert " + alertId) + ": " + created.size()
                        + (created.size() == 1 ? " task" : " tasks"),
                changes(playbook, created));
        return Optional.of(created);
    }

    private String changes(PlaybookDocument playbook, List<Tasks.TaskView> created) {
        List<java.util.Map<String, String>> changes = new ArrayList<>();
        changes.add(java.util.Map.of("field", "playbook", "after", playbook.key()));
        for (Tasks.TaskView task : created) {
            changes.add(java.util.Map.of("field", "task", "after", task.title() + " (due " + task.dueDate() + ")"));
        }
        try {
            return json.writeValueAsString(changes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
