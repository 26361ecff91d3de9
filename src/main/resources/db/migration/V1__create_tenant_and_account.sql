-- Foundation: tenants, accounts, and the row-level security every tenant-owned table carries.
-- Flyway runs as the schema owner; the app connects as ${app_role}, which only gets data access.

ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app_role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app_role};

-- The tenant a request or job works for, as set on its connection (see TenantConnectionInterceptor).
-- current_setting(..., true) answers null (or '') when unset, so an unset tenant matches no row.
CREATE FUNCTION app_tenant() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '') $$;

-- One row per tenant, keyed by the value of the token's `tenant` claim; created on first sight.
CREATE TABLE tenant (
  id           text COLLATE "C"        PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
  display_name text        NOT NULL,
  currency     varchar(3)  NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_at   timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenant ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant
  USING (id = app_tenant()) WITH CHECK (id = app_tenant());

CREATE TABLE account (
  tenant_id        text COLLATE "C"        NOT NULL REFERENCES tenant (id),
  account_id       varchar(128) COLLATE "C" NOT NULL,
  name             varchar(512) NOT NULL,
  segment          text        NOT NULL DEFAULT 'Unsegmented'
                     CHECK (segment IN ('SMB', 'Mid-Market', 'Enterprise', 'Unsegmented')),
  industry         varchar(512),
  plan             varchar(512),
  csm_email        varchar(512),
  customer_since   date        NOT NULL,
  renewal_date     date,
  licensed_seats   integer     CHECK (licensed_seats >= 0),
  first_value_date date,
  PRIMARY KEY (tenant_id, account_id)
);
CREATE INDEX account_csm ON account (tenant_id, csm_email);
ALTER TABLE account ENABLE ROW LEVEL SECURITY;
ALTER TABLE account FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account
  USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
