-- The operator's calls on one tenant (create, suspend, delete) looked it up in the list of every
-- tenant, counting every tenant's rows each time. bw_platform_tenants now takes the one tenant to
-- answer for (null: all of them, as before).
DROP FUNCTION bw_platform_tenants();
CREATE FUNCTION bw_platform_tenants(only_id text DEFAULT NULL) RETURNS TABLE (id text, display_name text,
    status text, created_at timestamptz, status_changed_at timestamptz, accounts bigint, users bigint,
    last_import timestamptz, data_rows bigint, data_bytes bigint)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  t record;
  parent text;
  part text;
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
        EXECUTE format('SELECT count(*) FROM %I', part) INTO n;
        data_rows := data_rows + n;
        data_bytes := data_bytes + pg_total_relation_size(quote_ident(part)::regclass);
      END IF;
    END LOOP;
    RETURN NEXT;
  END LOOP;
END
$$;
REVOKE ALL ON FUNCTION bw_platform_tenants(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_platform_tenants(text) TO ${app_role};
