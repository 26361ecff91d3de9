-- The audit log: who changed what, when. Append only: the app's role may read and insert, and has
-- no UPDATE, DELETE or TRUNCATE on it, so no code path of the app can rewrite history.
CREATE TABLE audit_event (
  tenant_id  text COLLATE "C" NOT NULL REFERENCES tenant (id),
  id         bigint      GENERATED ALWAYS AS IDENTITY,
  at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor      text        NOT NULL,
  actor_name text,
  kind       text        NOT NULL CHECK (kind IN ('import', 'health_model', 'alert_rules', 'target', 'override')),
  subject    text        NOT NULL,
  summary    text        NOT NULL,
  changes    jsonb       NOT NULL DEFAULT '[]',
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_event_recent ON audit_event (tenant_id, at DESC, id DESC);
ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_read ON audit_event FOR SELECT USING (tenant_id = app_tenant());
CREATE POLICY audit_append ON audit_event FOR INSERT WITH CHECK (tenant_id = app_tenant());
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM ${app_role};

-- A CSM's manual health band for one account, with a reason, until a date at most 90 days after
-- it was set. It lapses by itself: readers only honour it while expires_on >= today.
CREATE TABLE health_override (
  tenant_id   text COLLATE "C"         NOT NULL REFERENCES tenant (id),
  account_id  varchar(128) COLLATE "C" NOT NULL,
  band        text NOT NULL CHECK (band IN ('healthy', 'needs_attention', 'at_risk')),
  reason      text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
  set_on      date NOT NULL,
  expires_on  date NOT NULL,
  set_by      text NOT NULL,
  set_by_name text,
  set_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, account_id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES account (tenant_id, account_id) ON DELETE CASCADE,
  CHECK (expires_on > set_on AND expires_on <= set_on + 90)
);
ALTER TABLE health_override ENABLE ROW LEVEL SECURITY;
ALTER TABLE health_override FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON health_override
  USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
