-- The database's own work for next month's delta on the current layout, statement by statement, as
-- the app's role: what a recalculation of the new month reads, and what it writes, with nothing but
-- PostgreSQL at work (no JDBC, no rows handled in Java, nothing crossing the socket for the writes).
-- Run by incremental-benchmark.sh after its warm round, on the same database, as a superuser who
-- takes the app's role:  psql -v tenant=acme -v month=2026-10-01 -f src/bench/delta-floor.sql
-- Nothing is kept: each write runs in a transaction that is rolled back. Each timed statement is
-- preceded by a line "step: <key>" and followed by psql's "Time:" line; the benchmark pairs them.
set role bellwether_app;
set app.tenant_id = :'tenant';
select (date :'month' - 1) as before, (date :'month' + interval '1 month' - interval '1 day')::date as last,
       extract(epoch from date :'month' - 1)::bigint as resolved_from \gset
select date :'last' - 60 as usage_after, date :'last' - 180 as surveys_after, date :'last' - 90 as activities_after \gset
-- the rows the save writes, copied aside (not timed)
create temp table floor_snapshot as select * from account_snapshot where month = :'month';
create temp table floor_history as select * from account_history where since >= :'month';
create temp table floor_metrics as select * from metric_snapshot where month = :'month';
\timing on
\o /dev/null
-- the read: each kind's rows that the windows of the new month look at, as FactsLoader reads them
\echo step: read-months
select min(month), max(month) from mrr where tenant_id = :'tenant';
\echo step: read-accounts
copy (select account_id, name, segment, industry, plan, csm_email, customer_since, renewal_date, licensed_seats,
             first_value_date from account where tenant_id = :'tenant' order by account_id) to stdout;
\echo step: read-mrr
copy (select account_id, month, mrr from mrr where tenant_id = :'tenant' and month >= :'month') to stdout;
-- the new month's usage: the days before come from the previous run (sorted in memory, as the app's read is)
set work_mem = '64MB';
\echo step: read-usage-30
copy (select account_id, day - date '1970-01-01', user_id, feature, events from product_usage
      where tenant_id = :'tenant' and day > :'before' and day <= :'last' order by account_id, day) to stdout;
reset work_mem;
\echo step: read-surveys
copy (select account_id, responded_at - date '1970-01-01', type, score from survey_response
      where tenant_id = :'tenant' and responded_at > :'surveys_after' and responded_at <= :'last'
      order by account_id) to stdout;
\echo step: read-tickets
copy (select account_id, extract(epoch from opened_at)::bigint, extract(epoch from first_response_at)::bigint,
             extract(epoch from resolved_at)::bigint, resolved_on_first_contact from ticket
      where tenant_id = :'tenant' and (resolved_at is null or extract(epoch from resolved_at) >= :resolved_from)
      order by account_id) to stdout;
\echo step: read-activities
copy (select account_id, occurred_at - date '1970-01-01', type from activity
      where tenant_id = :'tenant' and occurred_at > :'activities_after' and occurred_at <= :'last'
      union all
      select account_id, occurred_at - date '1970-01-01', type from account_note
      where tenant_id = :'tenant' and occurred_at > :'activities_after' and occurred_at <= :'last' and type <> 'note'
      order by account_id) to stdout;
\echo step: read-opportunities
copy (select account_id, type, amount, stage, close_date from opportunity where tenant_id = :'tenant') to stdout;
-- not read by the app since the fourteenth session: the 60 days of usage the new month's windows look at
\echo step: read-usage-60
copy (select account_id, day - date '1970-01-01', user_id, feature, events from product_usage
      where tenant_id = :'tenant' and day > :'usage_after' and day <= :'last' order by account_id, day) to stdout;
-- the save: the new month's rows, each insert after the same delete as the app's save
begin;
delete from account_snapshot where tenant_id = :'tenant';
\echo step: save-accounts
insert into account_snapshot select * from floor_snapshot;
rollback;
begin;
delete from account_history where tenant_id = :'tenant' and since >= :'month';
\echo step: save-history
insert into account_history select * from floor_history;
rollback;
begin;
delete from metric_snapshot where tenant_id = :'tenant' and month = :'month';
\echo step: save-metrics
insert into metric_snapshot select * from floor_metrics;
rollback;
-- not written by the app: the account snapshots without their explained scores (built on demand instead)
begin;
delete from account_snapshot where tenant_id = :'tenant';
\echo step: save-accounts-bare
insert into account_snapshot select tenant_id, account_id, month, active, mrr, health, band, previous_health, '{}',
       measures from floor_snapshot;
rollback;
