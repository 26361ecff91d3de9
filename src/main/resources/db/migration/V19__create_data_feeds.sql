-- Data feeds (issue 18, items 1-2): ingest keys, and the events a Segment-compatible source sends,
-- staged here and applied into product_usage and account by the coalescing job (feeds/FeedCoalescer).

-- An ingest key: only the HMAC-SHA256 of its secret is stored (feeds/IngestKeySigner); the secret is
-- shown once, when the key is created. The secret carries no tenant: the look-up by hash finds it.
CREATE TABLE ingest_key (
  tenant_id    text COLLATE "C" NOT NULL REFERENCES tenant (id),
  id           uuid        NOT NULL DEFAULT gen_random_uuid(),
  name         text        NOT NULL CHECK (name = btrim(name) AND length(name) BETWEEN 1 AND 80),
  key_hash     bytea       NOT NULL CHECK (length(key_hash) = 32),
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text,
  last_used_at timestamptz,
  revoked_at   timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX ingest_key_hash ON ingest_key (key_hash);
ALTER TABLE ingest_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE ingest_key FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ingest_key
  USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- POST /api/v1/events arrives without a tenant: this narrow function answers which tenant (and key)
-- a secret's hash belongs to, for a key that is not revoked, and nothing else.
CREATE FUNCTION bw_ingest_key(hash bytea) RETURNS TABLE (tenant_id text, key_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT k.tenant_id, k.id FROM ingest_key k WHERE k.key_hash = hash AND k.revoked_at IS NULL LIMIT 1
$$;
REVOKE ALL ON FUNCTION bw_ingest_key(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_ingest_key(bytea) TO ${app_role};

-- Staged events, already validated: committed before the request answers, applied later. A track
-- event counts one event of (account, user, day, feature); a group event holds the account columns it
-- sets (traits, validated and renamed to the accounts.csv columns). message_id makes a retry count once.
CREATE TABLE feed_event (
  tenant_id   text COLLATE "C" NOT NULL REFERENCES tenant (id),
  seq         bigint GENERATED ALWAYS AS IDENTITY,
  message_id  varchar(200) COLLATE "C",
  kind        text        NOT NULL CHECK (kind IN ('track', 'group')),
  account_id  varchar(128) COLLATE "C" NOT NULL,
  user_id     varchar(128) COLLATE "C",
  day         date,
  feature     varchar(512) COLLATE "C",
  traits      jsonb,
  received_at timestamptz NOT NULL DEFAULT now(),
  applied_at  timestamptz,
  PRIMARY KEY (tenant_id, seq),
  UNIQUE (tenant_id, message_id),
  CHECK (kind = 'group' OR (user_id IS NOT NULL AND day IS NOT NULL AND feature IS NOT NULL)),
  CHECK (kind = 'track' OR traits IS NOT NULL)
);
CREATE INDEX feed_event_pending ON feed_event (tenant_id, seq) WHERE applied_at IS NULL;
CREATE INDEX feed_event_applied ON feed_event (tenant_id, applied_at) WHERE applied_at IS NOT NULL;
ALTER TABLE feed_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE feed_event FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON feed_event
  USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- When the coalescing job last applied a tenant's events (and asked for a recalculation).
CREATE TABLE feed_state (
  tenant_id  text COLLATE "C" NOT NULL REFERENCES tenant (id),
  applied_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id)
);
ALTER TABLE feed_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE feed_state FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON feed_state
  USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- The coalescing job serves every tenant but applies each one's events as that tenant: this names the
-- tenants with staged events whose last application is at least `pause` ago (like bw_tenants_with_due_messages).
CREATE FUNCTION bw_tenants_with_feed_events(pause interval) RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT DISTINCT e.tenant_id FROM feed_event e
  WHERE e.applied_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM feed_state s WHERE s.tenant_id = e.tenant_id AND s.applied_at > now() - pause)
$$;
REVOKE ALL ON FUNCTION bw_tenants_with_feed_events(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_tenants_with_feed_events(interval) TO ${app_role};

-- Audit: ingest keys created and revoked. The allowed kinds are read back from the constraint and
-- extended, so kinds other migrations added are kept whichever order they run in.
DO $$
DECLARE
  kinds text[];
BEGIN
  SELECT array_agg(DISTINCT m[1]) INTO kinds
  FROM pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+)''', 'g') AS m
  WHERE c.conrelid = 'audit_event'::regclass AND c.conname = 'audit_event_kind_check';
  kinds := array(SELECT DISTINCT unnest(coalesce(kinds, '{}') || ARRAY['ingest_key']) ORDER BY 1);
  ALTER TABLE audit_event DROP CONSTRAINT IF EXISTS audit_event_kind_check;
  EXECUTE format('ALTER TABLE audit_event ADD CONSTRAINT audit_event_kind_check CHECK (kind IN (%s))',
                 (SELECT string_agg(quote_literal(k), ', ') FROM unnest(kinds) AS k));
END $$;
