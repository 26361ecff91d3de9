-- The metrics engine: health-model versions, the snapshots pages and the API read, alerts, and
-- what the recalculation queue needs to be claimed safely by several app replicas.

-- Claiming: a worker takes a pending request (FOR UPDATE SKIP LOCKED) only when no run of the
-- tenant is alive (heartbeat) and its retry delay has passed.
ALTER TABLE recalculation
  ADD COLUMN run_after    timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN heartbeat_at timestamptz,
  ADD COLUMN phase        text;

-- Every change of a tenant's health model is a new version, with who and when.
CREATE TABLE health_model (
  tenant_id       text COLLATE "C" NOT NULL REFERENCES tenant (id),
  version         integer     NOT NULL CHECK (version >= 1),
  model           jsonb       NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text        NOT NULL,
  created_by_name text,
  note            text,
  PRIMARY KEY (tenant_id, version)
);

-- Tenant metrics per month, for the tenant and broken down by segment and by CSM.
CREATE TABLE metric_snapshot (
  tenant_id text COLLATE "C" NOT NULL,
  month     date NOT NULL,
  scope     text NOT NULL CHECK (scope IN ('tenant', 'segment', 'csm')),
  scope_key text COLLATE "C" NOT NULL DEFAULT '',
  metrics   jsonb NOT NULL,
  PRIMARY KEY (tenant_id, month, scope, scope_key)
);

-- Each account at the reporting month: health, band and the explanation of its score.
CREATE TABLE account_snapshot (
  tenant_id       text COLLATE "C" NOT NULL,
  account_id      varchar(128) COLLATE "C" NOT NULL,
  month           date NOT NULL,
  active          boolean NOT NULL,
  mrr             numeric(18,4) NOT NULL,
  health          double precision,
  band            text CHECK (band IN ('healthy', 'needs_attention', 'at_risk')),
  previous_health double precision,
  detail          jsonb NOT NULL,
  PRIMARY KEY (tenant_id, account_id)
);
CREATE INDEX account_snapshot_band ON account_snapshot (tenant_id, band, health);

-- Each account's health in every month it was active, recomputed from the data as of that month.
CREATE TABLE account_history (
  tenant_id     text COLLATE "C" NOT NULL,
  account_id    varchar(128) COLLATE "C" NOT NULL,
  month         date NOT NULL,
  mrr           numeric(18,4) NOT NULL,
  health        double precision,
  band          text,
  model_version integer NOT NULL,
  PRIMARY KEY (tenant_id, account_id, month)
);

-- What the latest recalculation produced for the tenant as a whole.
CREATE TABLE tenant_snapshot (
  tenant_id        text COLLATE "C" PRIMARY KEY REFERENCES tenant (id),
  reporting_month  date,
  first_month      date,
  computed_at      timestamptz NOT NULL,
  recalculation_id bigint,
  model_version    integer NOT NULL,
  cohorts          jsonb NOT NULL,
  health_accuracy  jsonb NOT NULL,
  csm_load         jsonb NOT NULL
);

-- Alerts: one open alert per (account, rule). A recalculation that finds the condition still
-- true keeps the alert; one that finds it false resolves it. A CSM may acknowledge, snooze or
-- resolve one; an alert a person resolved is not raised again until its condition has cleared.
CREATE TABLE alert (
  tenant_id       text COLLATE "C" NOT NULL,
  id              bigint GENERATED ALWAYS AS IDENTITY,
  account_id      varchar(128) COLLATE "C" NOT NULL,
  rule            text NOT NULL CHECK (rule IN ('at-risk', 'health-drop', 'usage-decline', 'detractor', 'renewal-risk', 'no-contact')),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'snoozed', 'resolved')),
  detail          text,
  opened_at       timestamptz NOT NULL DEFAULT now(),
  opened_month    date NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by text,
  snoozed_until   date,
  resolved_at     timestamptz,
  resolved_by     text,
  note            text,
  condition_holds boolean NOT NULL DEFAULT true,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX alert_one_open ON alert (tenant_id, account_id, rule) WHERE status <> 'resolved';
CREATE INDEX alert_account ON alert (tenant_id, account_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['health_model', 'metric_snapshot', 'account_snapshot', 'account_history', 'tenant_snapshot',
                           'alert'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', t);
  END LOOP;
END
$$;

-- Tenants with recalculation work: a pending request whose delay has passed, or a run whose
-- worker stopped sending heartbeats (it died). Tenant ids only, nothing of their data.
DROP FUNCTION bw_tenants_with_pending_recalculations();
CREATE FUNCTION bw_tenants_with_recalculation_work() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT DISTINCT tenant_id FROM recalculation
  WHERE (status = 'pending' AND run_after <= now())
     OR (status = 'running' AND heartbeat_at < now() - interval '2 minutes')
$$;
REVOKE ALL ON FUNCTION bw_tenants_with_recalculation_work() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_tenants_with_recalculation_work() TO ${app_role};

-- Fresh planner statistics after a large import, so the engine's queries get the right plans
-- at once (autovacuum would catch up only later). Only the table owner may ANALYZE.
CREATE FUNCTION bw_refresh_statistics() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  ANALYZE account, mrr, product_usage, survey_response, ticket, activity, opportunity;
END
$$;
REVOKE ALL ON FUNCTION bw_refresh_statistics() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_refresh_statistics() TO ${app_role};
