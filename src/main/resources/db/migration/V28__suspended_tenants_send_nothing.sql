-- A suspended tenant sends nothing (docs/architecture.md, section 13): its users are refused, so
-- no digest is composed for them, and its queued messages (alerts, webhooks, digests queued before
-- the suspension) wait in its outbox until it is resumed. The digest scheduler and the outbox
-- worker find their tenants only through these two functions.
-- CREATE OR REPLACE keeps the functions' grants (V16).
CREATE OR REPLACE FUNCTION bw_tenants_with_digests() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT DISTINCT s.tenant_id FROM notification_setting s JOIN tenant t ON t.id = s.tenant_id
  WHERE s.digest <> 'off' AND t.status = 'active'
$$;

CREATE OR REPLACE FUNCTION bw_tenants_with_due_messages() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT o.tenant_id FROM outbox o JOIN tenant t ON t.id = o.tenant_id
  WHERE o.status = 'pending' AND o.next_attempt_at <= now() AND t.status = 'active'
  GROUP BY o.tenant_id ORDER BY min(o.next_attempt_at), o.tenant_id
$$;
