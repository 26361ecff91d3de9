-- A catalog experiment for tenants-benchmark.sh's question, without the app (psql -v from=2 -v to=1000):
-- tenants s<from> … s<to>, each with its tenant row, 100 accounts, and its own partition of each of
-- the six imported tables (created and attached with V7's functions, as a first load does), holding
-- 100 accounts x 24 months of MRR and of usage (one row per account and month: the row counts of a
-- small tenant's usage are cut to keep the run short; the catalog does not depend on them).
-- Run as the superuser.
SET session_replication_role = replica;
SELECT set_config('bench.from', :'from', false), set_config('bench.to', :'to', false) \gset
DO $$
DECLARE
  n int;
  id text;
  tbl text;
  part text;
BEGIN
  FOR n IN current_setting('bench.from')::int .. current_setting('bench.to')::int LOOP
    id := 's' || lpad(n::text, 4, '0');
    INSERT INTO tenant (id, display_name) VALUES (id, 'Small ' || n);
    INSERT INTO account (tenant_id, account_id, name, segment, customer_since)
      SELECT id, 'ACC-' || lpad(a::text, 5, '0'), 'Account ' || a, 'SMB', date '2024-01-01' FROM generate_series(1, 100) a;
    FOREACH tbl IN ARRAY ARRAY['mrr', 'product_usage', 'survey_response', 'ticket', 'activity', 'opportunity'] LOOP
      part := bw_create_partition_table(tbl, id);
      IF tbl = 'mrr' THEN
        EXECUTE format('INSERT INTO %I SELECT %L, ''ACC-'' || lpad(a::text, 5, ''0''), m::date, 100 + a FROM generate_series(1, 100) a,
          generate_series(date ''2024-11-01'', date ''2026-10-01'', interval ''1 month'') m', part, id);
      ELSIF tbl = 'product_usage' THEN
        EXECUTE format('INSERT INTO %I SELECT %L, ''ACC-'' || lpad(a::text, 5, ''0''), m::date, ''u1'', ''Feature'', 10 FROM generate_series(1, 100) a,
          generate_series(date ''2024-11-01'', date ''2026-10-01'', interval ''1 month'') m', part, id);
      END IF;
      EXECUTE format('ALTER TABLE %I OWNER TO bellwether_owner', part);
      PERFORM bw_attach_partition_table(tbl, id);
    END LOOP;
  END LOOP;
END
$$;
