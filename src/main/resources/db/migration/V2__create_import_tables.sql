-- Imported data (the six kinds besides accounts), import history and recalculation requests.
-- Keys lead with tenant_id; every table is under the same forced row-level security as account.
-- The fact tables carry no foreign keys: an import checks every account_id before it writes
-- anything, and per-row foreign-key triggers would dominate the cost of a 2.5 M-row load.

CREATE TABLE mrr (
  tenant_id  text COLLATE "C"          NOT NULL,
  account_id varchar(128) COLLATE "C"  NOT NULL,
  month      date          NOT NULL CHECK (month = date_trunc('month', month)::date),
  mrr        numeric(18,4) NOT NULL CHECK (mrr >= 0),
  PRIMARY KEY (tenant_id, account_id, month)
);

CREATE TABLE product_usage (
  tenant_id  text COLLATE "C"         NOT NULL,
  account_id varchar(128) COLLATE "C" NOT NULL,
  day        date         NOT NULL,
  user_id    varchar(128) COLLATE "C" NOT NULL,
  feature    varchar(512) COLLATE "C" NOT NULL,
  events     integer      NOT NULL CHECK (events >= 0),
  PRIMARY KEY (tenant_id, account_id, day, user_id, feature)
);

CREATE TABLE survey_response (
  tenant_id    text COLLATE "C"         NOT NULL,
  response_id  varchar(128) COLLATE "C" NOT NULL,
  account_id   varchar(128) COLLATE "C" NOT NULL,
  responded_at date         NOT NULL,
  type         text         NOT NULL CHECK (type IN ('NPS', 'CSAT', 'CES')),
  score        integer      NOT NULL,
  comment      varchar(512),
  PRIMARY KEY (tenant_id, response_id),
  CHECK ((type = 'NPS' AND score BETWEEN 0 AND 10) OR (type = 'CSAT' AND score BETWEEN 1 AND 5)
         OR (type = 'CES' AND score BETWEEN 1 AND 7))
);
CREATE INDEX survey_response_account ON survey_response (tenant_id, account_id, responded_at);

CREATE TABLE ticket (
  tenant_id                text COLLATE "C"         NOT NULL,
  ticket_id                varchar(128) COLLATE "C" NOT NULL,
  account_id               varchar(128) COLLATE "C" NOT NULL,
  opened_at                timestamptz  NOT NULL,
  first_response_at        timestamptz  CHECK (first_response_at >= opened_at),
  resolved_at              timestamptz  CHECK (resolved_at >= opened_at),
  priority                 varchar(512),
  resolved_on_first_contact boolean,
  PRIMARY KEY (tenant_id, ticket_id)
);
CREATE INDEX ticket_account ON ticket (tenant_id, account_id, opened_at);

CREATE TABLE activity (
  tenant_id   text COLLATE "C"         NOT NULL,
  activity_id varchar(128) COLLATE "C" NOT NULL,
  account_id  varchar(128) COLLATE "C" NOT NULL,
  occurred_at date         NOT NULL,
  type        text         NOT NULL CHECK (type IN ('QBR', 'call', 'email', 'meeting', 'training', 'onboarding')),
  csm_email   varchar(512),
  PRIMARY KEY (tenant_id, activity_id)
);
CREATE INDEX activity_account ON activity (tenant_id, account_id, occurred_at);

CREATE TABLE opportunity (
  tenant_id      text COLLATE "C"          NOT NULL,
  opportunity_id varchar(128) COLLATE "C"  NOT NULL,
  account_id     varchar(128) COLLATE "C"  NOT NULL,
  type           text          NOT NULL CHECK (type IN ('expansion', 'renewal')),
  amount         numeric(18,4) NOT NULL CHECK (amount >= 0),
  stage          text          NOT NULL CHECK (stage IN ('open', 'won', 'lost')),
  close_date     date,
  PRIMARY KEY (tenant_id, opportunity_id)
);
CREATE INDEX opportunity_account ON opportunity (tenant_id, account_id);

-- Recalculation requests: at most one pending per tenant, so requests arriving while one is
-- pending coalesce into it. The engine's worker claims them (FOR UPDATE SKIP LOCKED).
CREATE TABLE recalculation (
  tenant_id    text COLLATE "C"        NOT NULL REFERENCES tenant (id),
  id           bigint      GENERATED ALWAYS AS IDENTITY,
  reason       text        NOT NULL,
  status       text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
  progress     integer     NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  attempts     integer     NOT NULL DEFAULT 0,
  requested_at timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz,
  error        text,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX recalculation_one_pending ON recalculation (tenant_id) WHERE status = 'pending';

-- One row per import: created when the import starts (while it holds its tenant's import
-- lock), finished in the same transaction as the data (applied) or right after (rejected).
CREATE TABLE import_batch (
  tenant_id        text COLLATE "C"        NOT NULL REFERENCES tenant (id),
  id               uuid        NOT NULL,
  created_by       text        NOT NULL,
  created_by_name  text,
  source           text        NOT NULL CHECK (source IN ('api', 'page', 'demo')),
  status           text        NOT NULL CHECK (status IN ('processing', 'applied', 'rejected', 'failed')),
  phase            text,
  progress         integer     NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  files            jsonb       NOT NULL DEFAULT '[]',
  rows             jsonb       NOT NULL DEFAULT '{}',
  changes          jsonb       NOT NULL DEFAULT '{}',
  error_count      integer     NOT NULL DEFAULT 0,
  errors           jsonb       NOT NULL DEFAULT '[]',
  message          text,
  recalculation_id bigint,
  started_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX import_batch_recent ON import_batch (tenant_id, started_at DESC);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['mrr', 'product_usage', 'survey_response', 'ticket', 'activity', 'opportunity',
                           'recalculation', 'import_batch'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', t);
  END LOOP;
END
$$;

-- Housekeeping across tenants, as narrow functions that run as the schema owner.
-- An import holds its tenant's row lock (FOR NO KEY UPDATE) for its whole transaction and
-- creates its import_batch row only once it holds it. So a 'processing' import whose tenant
-- row can be locked has lost its process (crash, kill -9): its transaction was rolled back by
-- PostgreSQL, nothing of it was written, and it is marked failed here.
CREATE FUNCTION bw_fail_orphaned_imports() RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE failed integer;
BEGIN
  WITH idle AS (
    SELECT t.id FROM tenant t
    WHERE EXISTS (SELECT 1 FROM import_batch i WHERE i.tenant_id = t.id AND i.status = 'processing')
    FOR NO KEY UPDATE OF t SKIP LOCKED
  )
  UPDATE import_batch i
     SET status = 'failed', finished_at = now(), phase = null,
         message = 'The server stopped while this import was running. Nothing from it was written: upload the files again.'
    FROM idle
   WHERE i.tenant_id = idle.id AND i.status = 'processing';
  GET DIAGNOSTICS failed = ROW_COUNT;
  RETURN failed;
END
$$;
REVOKE ALL ON FUNCTION bw_fail_orphaned_imports() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_fail_orphaned_imports() TO ${app_role};

-- Which tenants have recalculation work waiting: tenant ids only, nothing of their data.
CREATE FUNCTION bw_tenants_with_pending_recalculations() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT DISTINCT tenant_id FROM recalculation WHERE status = 'pending' $$;
REVOKE ALL ON FUNCTION bw_tenants_with_pending_recalculations() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_tenants_with_pending_recalculations() TO ${app_role};
