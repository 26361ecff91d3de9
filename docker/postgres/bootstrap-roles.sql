-- Creates Bellwether's two database roles, idempotently. Run as a superuser.
--   bellwether_owner  owns the schema; Flyway migrates as this role. It bypasses row-level
--                     security so that migrations and the few SECURITY DEFINER functions
--                     that housekeeping needs across tenants (orphaned imports, pending
--                     recalculations) can see every tenant. The app never connects as it.
--   bellwether_app    what the running app connects as: data access only, never a
--                     superuser, never the owner, so row-level security always applies.
-- Used by docker/run-local.sh, .ci/run, docker/compose.yaml and the test suite's
-- database bootstrap (DatabaseBootstrap), so there is one definition of the roles.
-- Passwords are local demo values; deployments set their own (ALTER ROLE ... PASSWORD).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bellwether_owner') THEN
    CREATE ROLE bellwether_owner LOGIN PASSWORD 'bellwether_owner'
      NOSUPERUSER NOCREATEDB NOCREATEROLE;
  END IF;
  ALTER ROLE bellwether_owner BYPASSRLS;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bellwether_app') THEN
    CREATE ROLE bellwether_app LOGIN PASSWORD 'bellwether_app'
      NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
END
$$;
