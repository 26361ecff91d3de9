-- The active tenants that know users (tenant_user): those whose notification recipients the app checks
-- against the identity provider (team/DirectorySync), across tenants like the digest run's list.
CREATE FUNCTION bw_tenants_with_users() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT DISTINCT u.tenant_id FROM tenant_user u JOIN tenant t ON t.id = u.tenant_id WHERE t.status = 'active'
$$;
REVOKE ALL ON FUNCTION bw_tenants_with_users() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_tenants_with_users() TO ${app_role};
