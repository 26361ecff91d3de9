-- The tenant lifecycle (issue 15, part 4): only the platform operator creates, suspends, resumes and
-- deletes tenants. A user's first request no longer creates their tenant's row.
--
-- The operator has no tenant: its requests run on connections where app.tenant_id is unset, and so
-- see no tenant's row. The operator's work therefore goes through the "platform" functions below,
-- each SECURITY DEFINER (the schema owner bypasses row-level security) and each refusing to run on a
-- connection that acts for a tenant, so no tenant request can call them for another tenant.

ALTER TABLE tenant ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended'));
ALTER TABLE tenant ADD COLUMN status_changed_at timestamptz;

-- The app creates and deletes tenants only through the functions below.
REVOKE INSERT, DELETE, TRUNCATE ON tenant FROM ${app_role};

-- Nor may a tenant's own connection lift its suspension: the status changes only through
-- bw_set_tenant_status (which runs as the schema owner).
CREATE FUNCTION bw_guard_tenant_status() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND current_user = '${app_role}' THEN
    RAISE EXCEPTION 'a tenant''s status changes only through bw_set_tenant_status'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER tenant_status_guard BEFORE UPDATE ON tenant
  FOR EACH ROW EXECUTE FUNCTION bw_guard_tenant_status();

-- The operator's own audit log. It names the tenant acted on in `tenant`, deliberately not a
-- `tenant_id` column and without a foreign key: the record of a deletion must outlive the tenant, and
-- a deleted tenant leaves no row in any table with a tenant_id. It holds ids, names, who and when,
-- never a tenant's business data. Append only, and visible only to connections without a tenant.
CREATE TABLE platform_audit (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor      text        NOT NULL,
  actor_name text,
  action     text        NOT NULL CHECK (action IN ('tenant_created', 'tenant_suspended', 'tenant_resumed',
                                                    'tenant_deleted')),
  tenant     text COLLATE "C" NOT NULL,
  summary    text        NOT NULL,
  details    jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX platform_audit_recent ON platform_audit (at DESC, id DESC);
ALTER TABLE platform_audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform_audit FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_read ON platform_audit FOR SELECT USING (app_tenant() IS NULL);
CREATE POLICY platform_append ON platform_audit FOR INSERT WITH CHECK (app_tenant() IS NULL);
REVOKE UPDATE, DELETE, TRUNCATE ON platform_audit FROM ${app_role};

-- Platform functions run only on a connection that acts for no tenant (the operator's).
CREATE FUNCTION bw_require_platform() RETURNS void
  LANGUAGE plpgsql
AS $$
BEGIN
  IF app_tenant() IS NOT NULL THEN
    RAISE EXCEPTION 'a platform operation cannot run on a connection acting for tenant %', app_tenant()
      USING ERRCODE = 'insufficient_privilege';
  END IF;
END
$$;

-- Creates the tenant's row; answers false (and changes nothing) when the id is taken. Its creation is
-- recorded in the platform's log (by the caller), and the tenant's own log starts empty.
CREATE FUNCTION bw_create_tenant(tid text, name text) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  PERFORM bw_require_platform();
  INSERT INTO tenant (id, display_name) VALUES (tid, name) ON CONFLICT (id) DO NOTHING;
  RETURN FOUND;
END
$$;
REVOKE ALL ON FUNCTION bw_create_tenant(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_create_tenant(text, text) TO ${app_role};

-- Sets the tenant's status ('active' or 'suspended'); answers the status it had before, or null
-- when there is no such tenant. A real change is recorded in the tenant's own audit log too, so
-- its admins can see when and by whom their access was suspended or resumed.
CREATE FUNCTION bw_set_tenant_status(tid text, new_status text, actor text, actor_name text) RETURNS text
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  old_status text;
BEGIN
  PERFORM bw_require_platform();
  SELECT status INTO old_status FROM tenant WHERE id = tid FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF old_status IS DISTINCT FROM new_status THEN
    UPDATE tenant SET status = new_status, status_changed_at = now() WHERE id = tid;
    INSERT INTO audit_event (tenant_id, actor, actor_name, kind, subject, summary, changes)
    VALUES (tid, actor, actor_name, 'tenant', tid,
            CASE new_status WHEN 'suspended' THEN 'Tenant suspended by the platform operator'
                            ELSE 'Tenant resumed by the platform operator' END,
            jsonb_build_array(jsonb_build_object('field', 'status', 'from', old_status, 'to', new_status)));
  END IF;
  RETURN old_status;
END
$$;
REVOKE ALL ON FUNCTION bw_set_tenant_status(text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_set_tenant_status(text, text, text, text) TO ${app_role};

-- Every tenant with what the operator's page shows: accounts, users seen, the last applied import,
-- the rows and on-disk size of its imported data (its partitions of the tables partitioned by tenant,
-- where nearly all of a tenant's bytes are, plus its accounts). No business data leaves here.
CREATE FUNCTION bw_platform_tenants() RETURNS TABLE (id text, display_name text, status text,
    created_at timestamptz, status_changed_at timestamptz, accounts bigint, users bigint,
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
  FOR t IN SELECT * FROM tenant ORDER BY tenant.id LOOP
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
REVOKE ALL ON FUNCTION bw_platform_tenants() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_platform_tenants() TO ${app_role};

-- Deletes the tenant: its partitions of the tables partitioned by tenant (dropped, rows and all), then
-- every row of every table with a tenant_id column (found in the catalog when it runs, so a table
-- added later is covered without touching this function; the audit log included, which the app's role
-- itself can never delete from), then its tenant row. Answers the rows removed per table, or null
-- when there is no such tenant.
--
-- The tenant's row is locked first (FOR UPDATE): an import of the tenant holds it, so the delete
-- waits for that import to end, and any write of the tenant's rows that checks its foreign key to
-- tenant waits for the delete and then fails, so nothing of the tenant is written back. Dropping a
-- partition locks its parent table for the rest of the transaction; the parents are taken in name order.
CREATE FUNCTION bw_delete_tenant(tid text) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  removed jsonb := '{}';
  parent text;
  part text;
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
      EXECUTE format('DROP TABLE %I', part);
      removed := removed || jsonb_build_object(parent, n);
    END IF;
  END LOOP;
  pending := ARRAY(SELECT c.relname::text FROM pg_class c
                   WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
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
  RETURN removed;
END
$$;
REVOKE ALL ON FUNCTION bw_delete_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_delete_tenant(text) TO ${app_role};

-- A first load opens a partition only for a tenant that exists, and holds its row (FOR KEY SHARE)
-- so that a delete of the tenant waits for the load, or the load for the delete and then fails.
CREATE OR REPLACE FUNCTION bw_open_partition(tbl text) RETURNS text
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  tenant text := app_tenant();
  part text;
BEGIN
  IF tenant IS NULL THEN
    RAISE EXCEPTION 'no tenant is set on this connection';
  END IF;
  PERFORM 1 FROM tenant t WHERE t.id = tenant FOR KEY SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'tenant % does not exist', tenant USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF to_regclass(quote_ident(bw_partition_name(tbl, tenant))) IS NOT NULL THEN
    RETURN NULL;
  END IF;
  part := bw_create_partition_table(tbl, tenant);
  EXECUTE format('REVOKE ALL ON %I FROM ${app_role}', part);
  EXECUTE format('GRANT INSERT, SELECT ON %I TO ${app_role}', part);
  RETURN part;
END
$$;

-- Audit: the tenant's own log records its suspension and resumption. The allowed kinds are
-- read back from the constraint and extended, so kinds other migrations added are kept.
DO $$
DECLARE
  kinds text[];
BEGIN
  SELECT array_agg(DISTINCT m[1]) INTO kinds
  FROM pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+)''', 'g') AS m
  WHERE c.conrelid = 'audit_event'::regclass AND c.conname = 'audit_event_kind_check';
  kinds := array(SELECT DISTINCT unnest(coalesce(kinds, '{}') || ARRAY['tenant']) ORDER BY 1);
  ALTER TABLE audit_event DROP CONSTRAINT IF EXISTS audit_event_kind_check;
  EXECUTE format('ALTER TABLE audit_event ADD CONSTRAINT audit_event_kind_check CHECK (kind IN (%s))',
                 (SELECT string_agg(quote_literal(k), ', ') FROM unnest(kinds) AS k));
END $$;
