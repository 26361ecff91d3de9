-- The outbox worker sends at most a batch of one tenant's messages before it turns to the next
-- tenant (notify/OutboxWorker). It takes the tenants in the order their oldest due message has
-- been waiting, so the tenant kept waiting longest is served first in every round.
-- CREATE OR REPLACE keeps the function's grants (V16).
CREATE OR REPLACE FUNCTION bw_tenants_with_due_messages() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT tenant_id FROM outbox WHERE status = 'pending' AND next_attempt_at <= now()
  GROUP BY tenant_id ORDER BY min(next_attempt_at), tenant_id
$$;
