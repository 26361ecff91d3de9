-- The operator's list counted every person who ever signed in to a tenant as one of its users: since
-- V44 a member switched off or removed keeps their tenant_user row (marked switched_off_at), so the
-- number never went down. It now counts the people who may sign in still, as the list says.
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
    SELECT count(*) INTO users FROM tenant_user u WHERE u.tenant_id = t.id AND u.switched_off_at IS NULL;
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
