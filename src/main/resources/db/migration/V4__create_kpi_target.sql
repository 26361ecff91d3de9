-- Targets for the executive tiles, per tenant. A tenant without a row uses the default target
-- (KpiTarget's defaults, from the seeds' benchmarks).
CREATE TABLE kpi_target (
  tenant_id       text COLLATE "C" NOT NULL REFERENCES tenant (id),
  metric          text NOT NULL CHECK (metric IN ('nrr', 'grr', 'logoChurnRate', 'nps', 'percentHealthy', 'arr')),
  target          double precision NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      text NOT NULL,
  PRIMARY KEY (tenant_id, metric)
);
ALTER TABLE kpi_target ENABLE ROW LEVEL SECURITY;
ALTER TABLE kpi_target FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON kpi_target
  USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
