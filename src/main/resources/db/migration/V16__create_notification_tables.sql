-- Notifications (issue 14, part 5): the users a tenant knows, their notification settings, the
-- tenant's webhook, and the transactional outbox every email and webhook call goes through.

-- The tenant's users as the app has seen them: filled (and refreshed) by their signed-in requests,
-- since the identities live in Keycloak. email is the verified address of their token, or null.
CREATE TABLE tenant_user (
  tenant_id     text COLLATE "C" NOT NULL REFERENCES tenant (id),
  username      text COLLATE "C" NOT NULL,
  email         text,
  name          text,
  roles         text[] NOT NULL DEFAULT '{}',
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, username)
);
CREATE INDEX tenant_user_email ON tenant_user (tenant_id, email);
ALTER TABLE tenant_user ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_user FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_user
  USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- One user's choices: a digest (off, daily, weekly) and the alert rules they want by email at once.
-- last_digest_on is the day (UTC) their last digest was queued, so a digest goes out once per period.
CREATE TABLE notification_setting (
  tenant_id      text COLLATE "C" NOT NULL,
  username       text COLLATE "C" NOT NULL,
  digest         text NOT NULL DEFAULT 'off' CHECK (digest IN ('off', 'daily', 'weekly')),
  immediate      text[] NOT NULL DEFAULT '{}'
                   CHECK (immediate <@ ARRAY['at-risk', 'health-drop', 'usage-decline', 'detractor',
                                             'renewal-risk', 'no-contact']::text[]),
  last_digest_on date,
  last_digest_at timestamptz,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, username),
  FOREIGN KEY (tenant_id, username) REFERENCES tenant_user (tenant_id, username) ON DELETE CASCADE
);
ALTER TABLE notification_setting ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_setting FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notification_setting
  USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- The tenant's webhook: new alerts of these rules are POSTed to url as Slack-compatible JSON.
CREATE TABLE webhook (
  tenant_id  text COLLATE "C" NOT NULL REFERENCES tenant (id),
  id         smallint NOT NULL DEFAULT 1 CHECK (id = 1),
  url        text NOT NULL CHECK (length(url) <= 2000),
  events     text[] NOT NULL DEFAULT '{}'
               CHECK (events <@ ARRAY['at-risk', 'health-drop', 'usage-decline', 'detractor',
                                      'renewal-risk', 'no-contact']::text[]),
  enabled    boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  PRIMARY KEY (tenant_id, id)
);
ALTER TABLE webhook ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook
  USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- The outbox: a message is written in the same transaction as its cause and sent by the outbox
-- worker, with retries and backoff. Ids are random, so they say nothing of other tenants' volume.
CREATE TABLE outbox (
  tenant_id       text COLLATE "C" NOT NULL REFERENCES tenant (id),
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  recipient       text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('digest', 'alert', 'webhook')),
  subject         text NOT NULL,
  body            text NOT NULL,
  html            text,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  sent_at         timestamptz,
  last_error      text,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX outbox_due ON outbox (tenant_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_recent ON outbox (tenant_id, created_at DESC);
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbox
  USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- The outbox worker serves every tenant but reads each one's rows as that tenant: this narrow
-- function only names the tenants with a message due (like bw_tenants_with_recalculation_work).
CREATE FUNCTION bw_tenants_with_due_messages() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT DISTINCT tenant_id FROM outbox WHERE status = 'pending' AND next_attempt_at <= now()
$$;
REVOKE ALL ON FUNCTION bw_tenants_with_due_messages() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_tenants_with_due_messages() TO ${app_role};

-- The digest scheduler likewise needs only the tenants where someone asked for a digest.
CREATE FUNCTION bw_tenants_with_digests() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT DISTINCT tenant_id FROM notification_setting WHERE digest <> 'off'
$$;
REVOKE ALL ON FUNCTION bw_tenants_with_digests() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_tenants_with_digests() TO ${app_role};

-- Audit: notification settings, the webhook and digest runs are recorded too. The allowed kinds are
-- read back from the constraint and extended, so migrations of other features that add kinds merge.
DO $$
DECLARE
  kinds text[];
BEGIN
  SELECT array_agg(DISTINCT m[1]) INTO kinds
  FROM pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+)''', 'g') AS m
  WHERE c.conrelid = 'audit_event'::regclass AND c.conname = 'audit_event_kind_check';
  kinds := array(SELECT DISTINCT unnest(coalesce(kinds, '{}') || ARRAY['notifications', 'webhook', 'digest', 'outbox'])
                 ORDER BY 1);
  ALTER TABLE audit_event DROP CONSTRAINT IF EXISTS audit_event_kind_check;
  EXECUTE format('ALTER TABLE audit_event ADD CONSTRAINT audit_event_kind_check CHECK (kind IN (%s))',
                 (SELECT string_agg(quote_literal(k), ', ') FROM unnest(kinds) AS k));
END
$$;
