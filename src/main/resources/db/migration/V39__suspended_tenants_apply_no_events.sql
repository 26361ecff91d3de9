-- A suspended tenant's events staged before its suspension wait, like its outbox (V28), until it is
-- active again: the coalescing job used to apply them, writing its accounts and usage while it was
-- suspended. Same skip along the pending index as V37, now past the suspended tenants.
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
  SELECT p.tenant_id FROM pending p JOIN tenant t ON t.id = p.tenant_id
  WHERE t.status = 'active'
    AND NOT EXISTS (SELECT 1 FROM feed_state s WHERE s.tenant_id = p.tenant_id AND s.applied_at > now() - pause)
$$;
REVOKE ALL ON FUNCTION bw_tenants_with_feed_events(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_tenants_with_feed_events(interval) TO ${app_role};
