package dev.bellwether.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;

/**
 * V58 gives the tasks saved before it their history as far as their rows tell it: each created (with the due day
 * and assignee it has now: what it was created with is gone), and each done one done, when and by whom.
 */
@QuarkusTest
class TaskHistoryMigrationTest {

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Test
    void theTasksBeforeTheUpgradeAreCreatedAndDoneAsTheirRowsSay() throws Exception {
        String tenant = tenants.create("task-history");
        tenants.addAccount(tenant, "ACC-1", "One");
        data.single(tenant, "with added as (insert into task (tenant_id, id, account_id, title, due_date,"
                + " assignee_email, status, created_at, created_by, done_at, done_by) values ('" + tenant + "',"
                + " gen_random_uuid(), 'ACC-1', 'Open one', date '2026-03-01', 'cam@x.example', 'open',"
                + " timestamptz '2026-02-01 09:00Z', 'ada', null, null), ('" + tenant + "', gen_random_uuid(), 'ACC-1',"
                + " 'Done one', date '2026-03-02', null, 'done', timestamptz '2026-02-02 09:00Z', 'cam',"
                + " timestamptz '2026-02-20 16:00Z', 'dee') returning 1) select count(*) from added");
        // as they were before V58: no history at all
        data.single(tenant, "with gone as (delete from task_event returning 1) select count(*) from gone");
        String migration;
        try (var in = getClass().getResourceAsStream("/db/migration/V58__task_history.sql")) {
            migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String backfill = migration.substring(migration.indexOf("INSERT INTO task_event", migration.indexOf(
                "-- The tasks there are"))).strip();
        for (String statement : backfill.split(";")) {
            if (!statement.isBlank()) {
                data.single(tenant, "with added as (" + statement.strip() + " returning 1)"
                        + " select count(*) from added");
            }
        }
        assertEquals("Open one created 2026-02-01 09:00 2026-03-01 cam@x.example ada"
                + " | Done one created 2026-02-02 09:00 2026-03-02 - cam"
                + " | Done one done 2026-02-20 16:00 2026-03-02 - dee",
                data.single(tenant, "select string_agg(t.title || ' ' || e.event || ' ' || to_char(e.at at time zone"
                        + " 'UTC', 'YYYY-MM-DD HH24:MI') || ' ' || e.due_date || ' ' || coalesce(e.assignee_email, '-')"
                        + " || ' ' || e.actor, ' | ' order by e.at) from task_event e"
                        + " join task t on t.id = e.task_id"));
    }
}
