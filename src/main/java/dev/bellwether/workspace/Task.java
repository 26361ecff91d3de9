package dev.bellwether.workspace;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.bellwether.tenant.TenantOwned;

/** A row of {@code task} (V15). Playbook runs insert theirs with SQL ({@link PlaybookRuns}). */
@Entity
@Table(name = "task")
public class Task extends TenantOwned {

    @Id
    public UUID id;

    @Column(name = "account_id", updatable = false)
    public String accountId;

    public String title;

    @Column(name = "due_date")
    public LocalDate dueDate;

    @Column(name = "assignee_email")
    public String assigneeEmail;

    @Convert(converter = TaskStatusConverter.class)
    public TaskStatus status;

    @Column(name = "playbook_key", updatable = false)
    public String playbookKey;

    @Column(name = "alert_id", updatable = false)
    public Long alertId;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "created_by", updatable = false)
    public String createdBy;

    @Column(name = "done_at")
    public Instant doneAt;

    @Column(name = "done_by")
    public String doneBy;

    /**
     * When and by whom the update being written was made, for the task's history ({@code task_event}, V58): its
     * trigger reads them, then clears them in the row.
     */
    @Column(name = "changed_at")
    public Instant changedAt;

    @Column(name = "changed_by")
    public String changedBy;
}
