-- Audit: the organisation's settings changed (currency, the segments that expect QBRs), on
-- /admin/settings or PUT /api/v1/settings. The allowed kinds are read back from the constraint and
-- extended, as V22 does.
DO $$
DECLARE
  kinds text[];
BEGIN
  SELECT array_agg(DISTINCT m[1]) INTO kinds
  FROM pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+)''', 'g') AS m
  WHERE c.conrelid = 'audit_event'::regclass AND c.conname = 'audit_event_kind_check';
  kinds := array(SELECT DISTINCT unnest(coalesce(kinds, '{}') || ARRAY['settings']) ORDER BY 1);
  ALTER TABLE audit_event DROP CONSTRAINT IF EXISTS audit_event_kind_check;
  EXECUTE format('ALTER TABLE audit_event ADD CONSTRAINT audit_event_kind_check CHECK (kind IN (%s))',
                 (SELECT string_agg(quote_literal(k), ', ') FROM unnest(kinds) AS k));
END $$;
