-- What happened to each task, one row an event (created, done, reopened, rescheduled, reassigned, unassigned),
-- with the due day and assignee it left. The account's timeline read a task's entries from its row as it is now:
-- reopening a task took its "Task done" away for good, and its "created" showed today's due day and assignee.
--
-- Triggers write it, whatever changes a task: a page, the API, a playbook run (SQL), a hand-over (SQL). Who and
-- when come with the update itself, in changed_by and changed_at, which the update trigger reads and clears: an
-- update that names neither (none does today) is dated by the database's clock and by nobody.

ALTER TABLE task ADD COLUMN changed_at timestamptz, ADD COLUMN changed_by text;

CREATE TABLE task_event (
  tenant_id      text COLLATE "C"         NOT NULL,
  seq            bigint       GENERATED ALWAYS AS IDENTITY,
  task_id        uuid         NOT NULL,
  account_id     varchar(128) COLLATE "C" NOT NULL,
  at             timestamptz  NOT NULL,
  event          text         NOT NULL
                 CHECK (event IN ('created', 'done', 'reopened', 'rescheduled', 'reassigned', 'unassigned')),
  due_date       date         NOT NULL,
  assignee_email varchar(512),
  actor          text,
  PRIMARY KEY (tenant_id, seq),
  FOREIGN KEY (tenant_id, task_id) REFERENCES task (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX task_event_account ON task_event (tenant_id, account_id, at DESC);
CREATE INDEX task_event_task ON task_event (tenant_id, task_id);
ALTER TABLE task_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE task_event FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON task_event
  USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE FUNCTION bw_task_created() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO task_event (tenant_id, task_id, account_id, at, event, due_date, assignee_email, actor)
  VALUES (NEW.tenant_id, NEW.id, NEW.account_id, NEW.created_at, 'created', NEW.due_date, NEW.assignee_email,
          NEW.created_by);
  RETURN NULL;
END
$$;
CREATE TRIGGER task_created AFTER INSERT ON task FOR EACH ROW EXECUTE FUNCTION bw_task_created();

-- In the order a person reads a change of several: its status, then its due day, then its assignee.
CREATE FUNCTION bw_task_changed() RETURNS trigger
  LANGUAGE plpgsql
AS $$
DECLARE
  happened timestamptz := coalesce(NEW.changed_at, now());
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    INSERT INTO task_event (tenant_id, task_id, account_id, at, event, due_date, assignee_email, actor)
    VALUES (NEW.tenant_id, NEW.id, NEW.account_id,
            CASE WHEN NEW.status = 'done' THEN coalesce(NEW.done_at, happened) ELSE happened END,
            CASE WHEN NEW.status = 'done' THEN 'done' ELSE 'reopened' END, NEW.due_date, NEW.assignee_email,
            CASE WHEN NEW.status = 'done' THEN coalesce(NEW.done_by, NEW.changed_by) ELSE NEW.changed_by END);
  END IF;
  IF NEW.due_date IS DISTINCT FROM OLD.due_date THEN
    INSERT INTO task_event (tenant_id, task_id, account_id, at, event, due_date, assignee_email, actor)
    VALUES (NEW.tenant_id, NEW.id, NEW.account_id, happened, 'rescheduled', NEW.due_date, NEW.assignee_email,
            NEW.changed_by);
  END IF;
  IF NEW.assignee_email IS DISTINCT FROM OLD.assignee_email THEN
    INSERT INTO task_event (tenant_id, task_id, account_id, at, event, due_date, assignee_email, actor)
    VALUES (NEW.tenant_id, NEW.id, NEW.account_id, happened,
            CASE WHEN NEW.assignee_email IS NULL THEN 'unassigned' ELSE 'reassigned' END, NEW.due_date,
            NEW.assignee_email, NEW.changed_by);
  END IF;
  -- said once: the next update says its own, or is dated by the database and by nobody
  NEW.changed_at := NULL;
  NEW.changed_by := NULL;
  RETURN NEW;
END
$$;
CREATE TRIGGER task_changed BEFORE UPDATE ON task FOR EACH ROW EXECUTE FUNCTION bw_task_changed();

-- The tasks there are: each created as its row says now (what it was created with is not known), and done
-- when it is done.
INSERT INTO task_event (tenant_id, task_id, account_id, at, event, due_date, assignee_email, actor)
SELECT tenant_id, id, account_id, created_at, 'created', due_date, assignee_email, created_by FROM task
ORDER BY tenant_id, created_at, step NULLS FIRST, id;
INSERT INTO task_event (tenant_id, task_id, account_id, at, event, due_date, assignee_email, actor)
SELECT tenant_id, id, account_id, done_at, 'done', due_date, assignee_email, done_by FROM task
WHERE done_at IS NOT NULL
ORDER BY tenant_id, done_at, id;
