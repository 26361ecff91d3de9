-- Saved views of the CSM page: a person's named filters (the page's query string, e.g.
-- scope=all&band=at_risk&segment=SMB), theirs alone unless an admin shares one with the whole tenant.
CREATE TABLE saved_view (
  tenant_id   text COLLATE "C" NOT NULL REFERENCES tenant (id),
  id          uuid        NOT NULL,
  owner_email text        NOT NULL CHECK (owner_email = lower(owner_email) AND length(owner_email) BETWEEN 3 AND 320),
  name        text        NOT NULL CHECK (name = btrim(name) AND length(name) BETWEEN 1 AND 80),
  query       text        NOT NULL CHECK (length(query) <= 2000),
  shared      boolean     NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, owner_email, name)
);
ALTER TABLE saved_view ENABLE ROW LEVEL SECURITY;
ALTER TABLE saved_view FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON saved_view
  USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- The audit log learns two kinds: saved views, and alerts acknowledged in bulk. The allowed kinds
-- are read from the current constraint and extended, so kinds other migrations added are kept
-- whichever order they run in.
DO $$
DECLARE
  kinds text[];
BEGIN
  SELECT array_agg(DISTINCT m[1]) INTO kinds
  FROM pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+)''', 'g') AS m
  WHERE c.conrelid = 'audit_event'::regclass AND c.conname = 'audit_event_kind_check';
  kinds := array(SELECT DISTINCT unnest(coalesce(kinds, '{}') || ARRAY['saved_view', 'alert']) ORDER BY 1);
  ALTER TABLE audit_event DROP CONSTRAINT IF EXISTS audit_event_kind_check;
  EXECUTE format('ALTER TABLE audit_event ADD CONSTRAINT audit_event_kind_check CHECK (kind IN (%s))',
                 (SELECT string_agg(quote_literal(k), ', ') FROM unnest(kinds) AS k));
END $$;
