-- The CSM's workspace: notes and logged activities, tasks, playbooks and their runs.
-- Every table is a tenant table: tenant_id leads every key, forced row-level security, the tenant policy.
-- Ids are random UUIDs rather than numbers from a sequence shared by every tenant, from which a tenant
-- could read how much the others write.

-- What the audit log records now also covers notes, tasks and playbooks. The allowed kinds are read
-- back from the constraint and extended, so kinds other migrations added are kept.
DO $$
DECLARE
  kinds text[];
BEGIN
  SELECT array_agg(DISTINCT m[1]) INTO kinds
  FROM pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+)''', 'g') AS m
  WHERE c.conrelid = 'audit_event'::regclass AND c.conname = 'audit_event_kind_check';
  kinds := array(SELECT DISTINCT unnest(coalesce(kinds, '{}') || ARRAY['note', 'task', 'playbook']) ORDER BY 1);
  ALTER TABLE audit_event DROP CONSTRAINT IF EXISTS audit_event_kind_check;
  EXECUTE format('ALTER TABLE audit_event ADD CONSTRAINT audit_event_kind_check CHECK (kind IN (%s))',
                 (SELECT string_agg(quote_literal(k), ', ') FROM unnest(kinds) AS k));
END $$;

-- A note or an activity a person logged on an account. Every type but 'note' is an activity: the
-- engine reads these beside the imported activities (FactsLoader), and since they live in their own
-- table an import of activities (which upserts by activity_id) can never overwrite or delete them.
CREATE TABLE account_note (
  tenant_id    text COLLATE "C"         NOT NULL REFERENCES tenant (id),
  id           uuid         NOT NULL,
  account_id   varchar(128) COLLATE "C" NOT NULL,
  type         text         NOT NULL CHECK (type IN ('note', 'call', 'meeting', 'QBR', 'email', 'training', 'onboarding')),
  occurred_at  date         NOT NULL,
  body         text         NOT NULL CHECK (length(body) <= 20000),
  attendees    varchar(1000),
  csm_email    varchar(512),
  author       text         NOT NULL,
  author_name  text,
  created_at   timestamptz  NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES account (tenant_id, account_id) ON DELETE CASCADE
);
CREATE INDEX account_note_account ON account_note (tenant_id, account_id, occurred_at);

-- A playbook: a named list of steps (title, due in N days) run by hand or when an alert of its
-- trigger rule opens.
CREATE TABLE playbook (
  tenant_id   text COLLATE "C" NOT NULL REFERENCES tenant (id),
  key         varchar(64) COLLATE "C" NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
  name        varchar(200) NOT NULL CHECK (length(btrim(name)) >= 1),
  trigger     text    NOT NULL CHECK (trigger IN ('manual', 'at-risk', 'health-drop', 'usage-decline', 'detractor',
                                                   'renewal-risk', 'no-contact')),
  enabled     boolean NOT NULL DEFAULT true,
  steps       jsonb   NOT NULL DEFAULT '[]',
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text,
  PRIMARY KEY (tenant_id, key)
);

-- One run of a playbook on an account: by hand (alert_id null) or for an alert, once per alert.
CREATE TABLE playbook_run (
  tenant_id    text COLLATE "C"         NOT NULL REFERENCES tenant (id),
  id           uuid         NOT NULL,
  playbook_key varchar(64) COLLATE "C"  NOT NULL,
  account_id   varchar(128) COLLATE "C" NOT NULL,
  alert_id     bigint,
  started_on   date         NOT NULL,
  started_at   timestamptz  NOT NULL DEFAULT now(),
  started_by   text         NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT playbook_run_once_per_alert UNIQUE (tenant_id, playbook_key, alert_id),
  FOREIGN KEY (tenant_id, playbook_key) REFERENCES playbook (tenant_id, key),
  FOREIGN KEY (tenant_id, account_id) REFERENCES account (tenant_id, account_id) ON DELETE CASCADE
);
CREATE INDEX playbook_run_account ON playbook_run (tenant_id, account_id);

-- A to-do on an account: by hand, or a step of a playbook run (then once per run and step).
CREATE TABLE task (
  tenant_id      text COLLATE "C"         NOT NULL REFERENCES tenant (id),
  id             uuid         NOT NULL,
  account_id     varchar(128) COLLATE "C" NOT NULL,
  title          varchar(200) NOT NULL CHECK (length(btrim(title)) >= 1),
  due_date       date         NOT NULL,
  assignee_email varchar(512),
  status         text         NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  playbook_key   varchar(64) COLLATE "C",
  run_id         uuid,
  step           integer,
  alert_id       bigint,
  created_at     timestamptz  NOT NULL DEFAULT now(),
  created_by     text         NOT NULL,
  done_at        timestamptz,
  done_by        text,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT task_once_per_run_step UNIQUE (tenant_id, run_id, step),
  CHECK ((status = 'done') = (done_at IS NOT NULL)),
  FOREIGN KEY (tenant_id, run_id) REFERENCES playbook_run (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, account_id) REFERENCES account (tenant_id, account_id) ON DELETE CASCADE
);
CREATE INDEX task_assignee ON task (tenant_id, assignee_email, status, due_date);
CREATE INDEX task_account ON task (tenant_id, account_id, status, due_date);
CREATE INDEX task_open_due ON task (tenant_id, due_date) WHERE status = 'open';

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['account_note', 'playbook', 'playbook_run', 'task'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', t);
  END LOOP;
END
$$;
