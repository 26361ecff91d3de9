-- The six fact tables become partitioned by tenant: one partition per tenant and table.
--
-- Why: a tenant's first load of a kind can then COPY straight into a new, unindexed table and
-- have its keys built once, sorted, when the table is attached as the tenant's partition, instead
-- of copying every row twice (PostgreSQL refuses COPY into a table under row-level security, so
-- the rows used to pass through a staging table) and growing the key index row by row. Later
-- imports of the tenant upsert through the parent as before. Row-level security stays on every
-- parent and every partition; the app's role cannot create or attach tables itself, only through
-- the two narrow functions below, and a partition's CHECK constraint admits no other tenant's row.
-- Columns, keys and indexes are those of V2, keys led by tenant_id.

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['mrr', 'product_usage', 'survey_response', 'ticket', 'activity', 'opportunity'] LOOP
    EXECUTE format('ALTER TABLE %I RENAME TO %I', t, t || '_v6');
    EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT %I TO %I', t || '_v6', t || '_pkey', t || '_v6_pkey');
  END LOOP;
END
$$;
DROP INDEX survey_response_account, ticket_account, activity_account, opportunity_account;

CREATE TABLE mrr (
  tenant_id  text COLLATE "C"          NOT NULL,
  account_id varchar(128) COLLATE "C"  NOT NULL,
  month      date          NOT NULL CHECK (month = date_trunc('month', month)::date),
  mrr        numeric(18,4) NOT NULL CHECK (mrr >= 0),
  PRIMARY KEY (tenant_id, account_id, month)
) PARTITION BY LIST (tenant_id);

CREATE TABLE product_usage (
  tenant_id  text COLLATE "C"         NOT NULL,
  account_id varchar(128) COLLATE "C" NOT NULL,
  day        date         NOT NULL,
  user_id    varchar(128) COLLATE "C" NOT NULL,
  feature    varchar(512) COLLATE "C" NOT NULL,
  events     integer      NOT NULL CHECK (events >= 0),
  PRIMARY KEY (tenant_id, account_id, day, user_id, feature)
) PARTITION BY LIST (tenant_id);

CREATE TABLE survey_response (
  tenant_id    text COLLATE "C"         NOT NULL,
  response_id  varchar(128) COLLATE "C" NOT NULL,
  account_id   varchar(128) COLLATE "C" NOT NULL,
  responded_at date         NOT NULL,
  type         text         NOT NULL CHECK (type IN ('NPS', 'CSAT', 'CES')),
  score        integer      NOT NULL,
  comment      varchar(512),
  PRIMARY KEY (tenant_id, response_id),
  CHECK ((type = 'NPS' AND score BETWEEN 0 AND 10) OR (type = 'CSAT' AND score BETWEEN 1 AND 5)
         OR (type = 'CES' AND score BETWEEN 1 AND 7))
) PARTITION BY LIST (tenant_id);
CREATE INDEX survey_response_account ON survey_response (tenant_id, account_id, responded_at);

CREATE TABLE ticket (
  tenant_id                text COLLATE "C"         NOT NULL,
  ticket_id                varchar(128) COLLATE "C" NOT NULL,
  account_id               varchar(128) COLLATE "C" NOT NULL,
  opened_at                timestamptz  NOT NULL,
  first_response_at        timestamptz  CHECK (first_response_at >= opened_at),
  resolved_at              timestamptz  CHECK (resolved_at >= opened_at),
  priority                 varchar(512),
  resolved_on_first_contact boolean,
  PRIMARY KEY (tenant_id, ticket_id)
) PARTITION BY LIST (tenant_id);
CREATE INDEX ticket_account ON ticket (tenant_id, account_id, opened_at);

CREATE TABLE activity (
  tenant_id   text COLLATE "C"         NOT NULL,
  activity_id varchar(128) COLLATE "C" NOT NULL,
  account_id  varchar(128) COLLATE "C" NOT NULL,
  occurred_at date         NOT NULL,
  type        text         NOT NULL CHECK (type IN ('QBR', 'call', 'email', 'meeting', 'training', 'onboarding')),
  csm_email   varchar(512),
  PRIMARY KEY (tenant_id, activity_id)
) PARTITION BY LIST (tenant_id);
CREATE INDEX activity_account ON activity (tenant_id, account_id, occurred_at);

CREATE TABLE opportunity (
  tenant_id      text COLLATE "C"          NOT NULL,
  opportunity_id varchar(128) COLLATE "C"  NOT NULL,
  account_id     varchar(128) COLLATE "C"  NOT NULL,
  type           text          NOT NULL CHECK (type IN ('expansion', 'renewal')),
  amount         numeric(18,4) NOT NULL CHECK (amount >= 0),
  stage          text          NOT NULL CHECK (stage IN ('open', 'won', 'lost')),
  close_date     date,
  PRIMARY KEY (tenant_id, opportunity_id)
) PARTITION BY LIST (tenant_id);
CREATE INDEX opportunity_account ON opportunity (tenant_id, account_id);

-- The forced row-level security and policy of every tenant table, for the parents here and for
-- each partition when it is attached. For the schema owner only.
CREATE FUNCTION bw_isolate_tenants(tbl text) RETURNS void
  LANGUAGE plpgsql
AS $$
BEGIN
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', tbl);
END
$$;
REVOKE ALL ON FUNCTION bw_isolate_tenants(text) FROM PUBLIC;

SELECT bw_isolate_tenants(t)
FROM unnest(ARRAY['mrr', 'product_usage', 'survey_response', 'ticket', 'activity', 'opportunity']) t;

-- A tenant's partition of one of the six tables: the table's name and the md5 of the tenant id
-- (tenant ids are free text; this keeps the name a short, safe identifier).
CREATE FUNCTION bw_partition_name(tbl text, tenant text) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT tbl || '_t_' || md5(tenant) $$;

CREATE FUNCTION bw_check_partitioned(tbl text) RETURNS void
  LANGUAGE plpgsql
AS $$
BEGIN
  IF tbl IS NULL OR tbl NOT IN ('mrr', 'product_usage', 'survey_response', 'ticket', 'activity', 'opportunity') THEN
    RAISE EXCEPTION 'not a table partitioned by tenant: %', tbl;
  END IF;
END
$$;

-- A new table shaped like tbl, without indexes and without row-level security, whose CHECK
-- constraint admits only the tenant's rows; answers its name. For the schema owner only.
CREATE FUNCTION bw_create_partition_table(tbl text, tenant text) RETURNS text
  LANGUAGE plpgsql
AS $$
DECLARE
  part text := bw_partition_name(tbl, tenant);
BEGIN
  PERFORM bw_check_partitioned(tbl);
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS, CONSTRAINT %I CHECK (tenant_id = %L))',
                 part, tbl, part || '_tenant', tenant);
  RETURN part;
END
$$;
REVOKE ALL ON FUNCTION bw_create_partition_table(text, text) FROM PUBLIC;

-- Makes that table the tenant's partition of tbl: the app loses its direct access (it reads and
-- writes through the parent only), the table gets the row-level security of every tenant table,
-- and it is attached, which builds the parent's indexes on it, each in one sorted pass (a key
-- repeated within its rows fails here with SQLSTATE 23505). For the schema owner only.
CREATE FUNCTION bw_attach_partition_table(tbl text, tenant text) RETURNS void
  LANGUAGE plpgsql
AS $$
DECLARE
  part text := bw_partition_name(tbl, tenant);
BEGIN
  PERFORM bw_check_partitioned(tbl);
  EXECUTE format('REVOKE ALL ON %I FROM ${app_role}', part);
  PERFORM bw_isolate_tenants(part);
  EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%L)', tbl, part, tenant);
END
$$;
REVOKE ALL ON FUNCTION bw_attach_partition_table(text, text) FROM PUBLIC;

-- The two functions the app may call, both for the connection's tenant only.
--
-- Opens the tenant's first load of tbl: the new table (above), into which the app may COPY
-- (PostgreSQL refuses COPY under row-level security) and read back. It lives only in the caller's
-- transaction until bw_attach_partition makes it the tenant's partition. Answers null when the
-- tenant already has its partition (the caller then upserts through the parent).
CREATE FUNCTION bw_open_partition(tbl text) RETURNS text
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  tenant text := app_tenant();
  part text;
BEGIN
  IF tenant IS NULL THEN
    RAISE EXCEPTION 'no tenant is set on this connection';
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
REVOKE ALL ON FUNCTION bw_open_partition(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_open_partition(text) TO ${app_role};

-- Closes the first load (bw_attach_partition_table above). Attaching takes a SHARE UPDATE
-- EXCLUSIVE lock on the parent until commit: readers and writers of other tenants go on, only
-- another tenant's attach of the same table waits.
CREATE FUNCTION bw_attach_partition(tbl text) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET maintenance_work_mem = '256MB'
AS $$
DECLARE
  tenant text := app_tenant();
BEGIN
  IF tenant IS NULL THEN
    RAISE EXCEPTION 'no tenant is set on this connection';
  END IF;
  PERFORM bw_attach_partition_table(tbl, tenant);
END
$$;
REVOKE ALL ON FUNCTION bw_attach_partition(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_attach_partition(text) TO ${app_role};

-- The data already imported moves into its tenants' partitions.
DO $$
DECLARE
  t text;
  tenant text;
BEGIN
  FOREACH t IN ARRAY ARRAY['mrr', 'product_usage', 'survey_response', 'ticket', 'activity', 'opportunity'] LOOP
    FOR tenant IN EXECUTE format('SELECT DISTINCT tenant_id FROM %I', t || '_v6') LOOP
      EXECUTE format('INSERT INTO %I SELECT * FROM %I WHERE tenant_id = %L',
                     bw_create_partition_table(t, tenant), t || '_v6', tenant);
      PERFORM bw_attach_partition_table(t, tenant);
    END LOOP;
    EXECUTE format('DROP TABLE %I', t || '_v6');
  END LOOP;
END
$$;

-- Fresh planner statistics after a large import, now for the current tenant's partitions only
-- (analysing a partitioned parent would sample every tenant's partition).
CREATE OR REPLACE FUNCTION bw_refresh_statistics() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  tenant text := app_tenant();
  t text;
BEGIN
  ANALYZE account;
  IF tenant IS NULL THEN
    RETURN;
  END IF;
  FOREACH t IN ARRAY ARRAY['mrr', 'product_usage', 'survey_response', 'ticket', 'activity', 'opportunity'] LOOP
    IF to_regclass(quote_ident(bw_partition_name(t, tenant))) IS NOT NULL THEN
      EXECUTE format('ANALYZE %I', bw_partition_name(t, tenant));
    END IF;
  END LOOP;
END
$$;
