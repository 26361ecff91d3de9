-- Issue 18 review: the events feed's two look-ups of staged events read every staged row.
--
-- Each events request asks which of its accounts staged group calls will create: with only the
-- (tenant_id, seq) index of pending rows, that filtered every staged event of the tenant, so a request
-- grew slower with the backlog (30 s of a busy feed, or all the events staged during an import).
CREATE INDEX feed_event_pending_groups ON feed_event (tenant_id, account_id)
  WHERE applied_at IS NULL AND kind = 'group';

-- The coalescing job's poll named the tenants with staged events by a DISTINCT over every staged row
-- of every tenant, every few seconds. It now skips from tenant to tenant along the pending index: one
-- index probe per tenant with events, whatever their number.
CREATE OR REPLACE FUNCTION bw_tenants_with_feed_events(pause interval) RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  WITH RECURSIVE pending(tenant_id) AS (
    (SELECT e.tenant_id FROM feed_event e WHERE e.applied_at IS NULL ORDER BY e.tenant_id LIMIT 1)
    UNION ALL
    SELECT (SELECT e.tenant_id FROM feed_event e
            WHERE e.applied_at IS NULL AND e.tenant_id > p.tenant_id ORDER BY e.tenant_id LIMIT 1)
    FROM pending p WHERE p.tenant_id IS NOT NULL
  )
  SELECT p.tenant_id FROM pending p
  WHERE p.tenant_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM feed_state s WHERE s.tenant_id = p.tenant_id AND s.applied_at > now() - pause)
$$;
REVOKE ALL ON FUNCTION bw_tenants_with_feed_events(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_tenants_with_feed_events(interval) TO ${app_role};
