-- Issue 16, analytics. Breakdowns by industry, plan and tenure join the stored slices; the churn
-- drivers and the sample the suggested-weights search reads are stored with the tenant's snapshot
-- (computed once per recalculation, so the search never reloads the data); each KPI gets an owner
-- and a review cadence.
ALTER TABLE metric_snapshot DROP CONSTRAINT metric_snapshot_scope_check;
ALTER TABLE metric_snapshot ADD CONSTRAINT metric_snapshot_scope_check
  CHECK (scope IN ('tenant', 'segment', 'csm', 'industry', 'plan', 'tenure'));

ALTER TABLE tenant_snapshot ADD COLUMN churn_drivers jsonb;
ALTER TABLE tenant_snapshot ADD COLUMN driver_sample bytea;

-- Who owns a KPI and how often they review it. A KPI without a row has no owner yet and the
-- default cadence (KpiOwners' defaults).
CREATE TABLE kpi_owner (
  tenant_id   text COLLATE "C" NOT NULL REFERENCES tenant (id),
  metric      text NOT NULL CHECK (length(metric) BETWEEN 1 AND 64),
  owner_email text CHECK (length(owner_email) BETWEEN 3 AND 320),
  cadence     text NOT NULL CHECK (cadence IN ('weekly', 'monthly', 'quarterly')),
  reviewed_on date,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL,
  PRIMARY KEY (tenant_id, metric)
);
ALTER TABLE kpi_owner ENABLE ROW LEVEL SECURITY;
ALTER TABLE kpi_owner FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON kpi_owner
  USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
