-- A running recalculation holds a lease that its worker renews with a heartbeat every few seconds;
-- a run whose lease has lapsed (its worker died) is work for any other worker. The lease's length
-- is the app's setting (bellwether.recalculation.lease), passed in, instead of a fixed 2 minutes.
DROP FUNCTION bw_tenants_with_recalculation_work();
CREATE FUNCTION bw_tenants_with_recalculation_work(lease interval) RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT DISTINCT tenant_id FROM recalculation
  WHERE (status = 'pending' AND run_after <= now())
     OR (status = 'running' AND heartbeat_at < now() - lease)
$$;
REVOKE ALL ON FUNCTION bw_tenants_with_recalculation_work(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_tenants_with_recalculation_work(interval) TO ${app_role};
