-- bw_delete_tenant (V34) dropped the tenant's partitions last, but a drop waits for every transaction
-- still reading the parent table (another tenant's export holds one for its whole download), and
-- PostgreSQL queues every later statement on that parent, of any tenant, behind the waiting drop: all
-- tenants' pages, imports and recalculations stalled for as long as the export lasted. The drops now
-- give up after two seconds (lock_timeout, for this transaction only); the deletion is rolled back
-- whole and can be tried again.
CREATE OR REPLACE FUNCTION bw_delete_tenant(tid text) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  removed jsonb := '{}';
  parent text;
  part text;
  parts text[] := '{}';
  parents text[] := '{}';
  pending text[];
  remaining text[];
  t text;
  n bigint;
BEGIN
  PERFORM bw_require_platform();
  PERFORM 1 FROM tenant WHERE id = tid FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  FOR parent IN SELECT c.relname FROM pg_class c
                WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'p' ORDER BY 1 LOOP
    part := bw_partition_name(parent, tid);
    IF to_regclass(quote_ident(part)) IS NOT NULL THEN
      EXECUTE format('SELECT count(*) FROM %I', part) INTO n;
      removed := removed || jsonb_build_object(parent, n);
      parts := parts || part;
      parents := parents || parent;
    END IF;
  END LOOP;
  -- every other table with a tenant_id (a parent whose tenant partition is dropped below is left out:
  -- deleting through it would delete the partition's rows one by one)
  pending := ARRAY(SELECT c.relname::text FROM pg_class c
                   WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                     AND c.relname <> ALL (parents)
                     AND EXISTS (SELECT 1 FROM pg_attribute a
                                 WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
                   ORDER BY 1);
  -- Tables that others reference must wait for those others: a delete that a foreign key refuses is
  -- tried again in the next round, until a round removes nothing more.
  WHILE cardinality(pending) > 0 LOOP
    remaining := '{}';
    FOREACH t IN ARRAY pending LOOP
      BEGIN
        EXECUTE format('DELETE FROM %I WHERE tenant_id = $1', t) USING tid;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN
          removed := removed || jsonb_build_object(t, coalesce((removed ->> t)::bigint, 0) + n);
        END IF;
      EXCEPTION WHEN foreign_key_violation THEN
        remaining := remaining || t;
      END;
    END LOOP;
    IF cardinality(remaining) = cardinality(pending) THEN
      RAISE EXCEPTION 'could not delete the rows of tenant % from %', tid, remaining;
    END IF;
    pending := remaining;
  END LOOP;
  DELETE FROM tenant WHERE id = tid;
  -- last: from here to the commit the parents are locked; they are taken in name order. A drop waiting
  -- for its parent (another tenant's export or long read holds it) would queue every other tenant's
  -- statements on that parent behind it: after two seconds it gives up, the whole deletion is rolled
  -- back and the operator is told to try again.
  PERFORM set_config('lock_timeout', '2s', true);
  FOREACH part IN ARRAY parts LOOP
    EXECUTE format('DROP TABLE %I', part);
  END LOOP;
  RETURN removed;
END
$$;
REVOKE ALL ON FUNCTION bw_delete_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_delete_tenant(text) TO ${app_role};
