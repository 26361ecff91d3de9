-- The operator's list of every tenant counted every row of every tenant's imported tables on each
-- load: at a thousand tenants, billions of rows read for one page, under shared locks that a
-- deletion's DROP had to wait for. The list now takes each partition's row count from PostgreSQL's
-- statistics (pg_class.reltuples, kept by autovacuum's ANALYZE), counting exactly only a partition
-- never analyzed yet; one tenant's row (only_id given: its page, before a deletion) still counts
-- exactly.
CREATE OR REPLACE FUNCTION bw_platform_tenants(only_id text DEFAULT NULL) RETURNS TABLE (id text, display_name text,
    status text, created_at timestamptz, status_changed_at timestamptz, accounts bigint, users bigint,
    last_import timestamptz, data_rows bigint, data_bytes bigint)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  t record;
  parent text;
  part text;
  estimate real;
  n bigint;
BEGIN
  PERFORM bw_require_platform();
  FOR t IN SELECT * FROM tenant WHERE only_id IS NULL OR tenant.id = only_id ORDER BY tenant.id LOOP
    id := t.id;
    display_name := t.display_name;
    status := t.status;
    created_at := t.created_at;
    status_changed_at := t.status_changed_at;
    SELECT count(*) INTO accounts FROM account a WHERE a.tenant_id = t.id;
    SELECT count(*) INTO users FROM tenant_user u WHERE u.tenant_id = t.id;
    SELECT max(b.finished_at) INTO last_import FROM import_batch b WHERE b.tenant_id = t.id AND b.status = 'applied';
    data_rows := accounts;
    data_bytes := 0;
    FOR parent IN SELECT c.relname FROM pg_class c
                  WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'p' ORDER BY 1 LOOP
      part := bw_partition_name(parent, t.id);
      IF to_regclass(quote_ident(part)) IS NOT NULL THEN
        SELECT c.reltuples INTO estimate FROM pg_class c WHERE c.oid = quote_ident(part)::regclass;
        IF only_id IS NULL AND estimate >= 0 THEN
          n := round(estimate)::bigint;
        ELSE
          EXECUTE format('SELECT count(*) FROM %I', part) INTO n;
        END IF;
        data_rows := data_rows + n;
        data_bytes := data_bytes + pg_total_relation_size(quote_ident(part)::regclass);
      END IF;
    END LOOP;
    RETURN NEXT;
  END LOOP;
END
$$;
