-- Used by tenants-benchmark.sh with BULK=sql: bench_clone_tenant(src, dst) writes for tenant dst a
-- copy of everything tenant src holds, as src's import and recalculation wrote it: the tenant row,
-- a partition of each of the six imported tables (created and attached with the same functions a
-- first load uses, V7), and the rows of every other table with a tenant_id column. Run as the
-- superuser with session_replication_role = replica (foreign keys are not checked: the copies are
-- of rows that satisfied them). Tables whose other keys do not include tenant_id (rows that cannot be
-- copied as they are) are skipped and named in a NOTICE.
-- Run as the superuser: row-level security does not apply to it.
CREATE OR REPLACE FUNCTION bench_clone_tenant(src text, dst text) RETURNS void
  LANGUAGE plpgsql
AS $$
DECLARE
  t record;
  cols text;
  sel text;
  part text;
BEGIN
  -- the tenant row first (the partitions' rows refer to it)
  FOR t IN
    SELECT * FROM (
      SELECT c.oid, c.relname::text AS relname, c.relkind
      FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      UNION ALL SELECT 'tenant'::regclass::oid, 'tenant', 'r'
    ) tables
    ORDER BY relname = 'tenant' DESC, relname
  LOOP
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum),
           string_agg(CASE WHEN (t.relname = 'tenant' AND attname = 'id') OR attname = 'tenant_id' THEN quote_literal(dst)
                           ELSE quote_ident(attname) END, ', ' ORDER BY attnum)
      INTO cols, sel
    FROM pg_attribute
    WHERE attrelid = t.oid AND attnum > 0 AND NOT attisdropped AND attidentity <> 'a' AND attgenerated = '';
    BEGIN
      IF t.relkind = 'p' THEN
        part := bw_create_partition_table(t.relname, dst);
        EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM %I WHERE tenant_id = %L', part, cols, sel, t.relname, src);
        EXECUTE format('ALTER TABLE %I OWNER TO bellwether_owner', part);
        PERFORM bw_attach_partition_table(t.relname, dst);
      ELSIF t.relname = 'tenant' THEN
        EXECUTE format('INSERT INTO tenant (%s) SELECT %s FROM tenant WHERE id = %L', cols, sel, src);
      ELSE
        EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM %I WHERE tenant_id = %L', t.relname, cols, sel, t.relname, src);
      END IF;
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'skipped %: %', t.relname, SQLERRM;
    END;
  END LOOP;
END
$$;
