-- What keeping usage by quarter would change for next month's delta: a probe of a layout, not the app's.
-- Run after src/bench/incremental-benchmark.sh, on its database, as a superuser:
--   psql -d bellwether_inc -v tenant=acme -f src/bench/usage-by-quarter.sql
-- It copies the tenant's usage (the benchmark dataset, up to October 2026) into two scratch tables in a
-- schema of its own (dropped at the end), without the tenant column or row-level security, so the two
-- compare with each other only:
--   exp.one  as today: one table, primary key (account, day, user, feature);
--   exp.q    the same rows in a partition per quarter, each with that key.
-- Both are first loaded with the 23 months before October in file order (by account), keyed after the
-- load. Then, each step after a checkpoint: October's rows inserted (into exp.q, a new, empty quarter),
-- a "November" (October's rows 31 days later) inserted (into exp.q, the quarter October is in), the
-- last 60 days read in key order, and every row read in key order (twice each). psql prints each
-- step's name and then its "Time:" lines (a checkpoint's first, where there is one).
\set ON_ERROR_STOP on
drop schema if exists exp cascade;
create schema exp;
create table exp.src as select account_id, day, user_id, feature, events from product_usage where tenant_id = :'tenant';
create table exp.one (account_id varchar(128) collate "C" not null, day date not null, user_id varchar(128) collate "C" not null,
  feature varchar(512) collate "C" not null, events integer not null);
create table exp.q (like exp.one) partition by range (day);
do $$ declare d date := '2024-10-01'; begin
  while d < '2027-04-01' loop
    execute format('create table exp.q_%s partition of exp.q for values from (%L) to (%L)', to_char(d, 'YYYYMM'), d, d + interval '3 months');
    d := d + interval '3 months';
  end loop; end $$;
-- first load: the 23 months before October, in file order (by account)
insert into exp.one select * from exp.src where day < '2026-10-01' order by account_id;
insert into exp.q select * from exp.src where day < '2026-10-01' order by account_id;
alter table exp.one add primary key (account_id, day, user_id, feature);
alter table exp.q add primary key (account_id, day, user_id, feature);
create table exp.oct as select * from exp.src where day >= '2026-10-01' order by account_id;
create table exp.nov as select account_id, day + 31 as day, user_id, feature, events from exp.oct order by account_id;
vacuum analyze exp.one; vacuum analyze exp.q;
select count(*) as oct from exp.oct;
checkpoint;
\timing on
\echo insert-oct-one
insert into exp.one select * from exp.oct;
\echo insert-oct-q
checkpoint;
insert into exp.q select * from exp.oct;
\echo insert-nov-one
checkpoint;
insert into exp.one select * from exp.nov;
\echo insert-nov-q
checkpoint;
insert into exp.q select * from exp.nov;
\timing off
vacuum analyze exp.one; vacuum analyze exp.q;
\timing on
\o /dev/null
\echo read-60-one
copy (select * from exp.one where day > '2026-09-01' and day <= '2026-10-31' order by account_id, day) to stdout;
copy (select * from exp.one where day > '2026-09-01' and day <= '2026-10-31' order by account_id, day) to stdout;
\echo read-60-q
copy (select * from exp.q where day > '2026-09-01' and day <= '2026-10-31' order by account_id, day) to stdout;
copy (select * from exp.q where day > '2026-09-01' and day <= '2026-10-31' order by account_id, day) to stdout;
\echo read-all-one
set enable_sort = off;
copy (select * from exp.one where day <= '2026-10-31' order by account_id, day) to stdout;
copy (select * from exp.one where day <= '2026-10-31' order by account_id, day) to stdout;
\echo read-all-q
copy (select * from exp.q where day <= '2026-10-31' order by account_id, day) to stdout;
copy (select * from exp.q where day <= '2026-10-31' order by account_id, day) to stdout;
reset enable_sort;
\o
\timing off
explain (costs off) select * from exp.q where day <= '2026-10-31' order by account_id, day;
explain (costs off) select * from exp.q where day > '2026-09-01' and day <= '2026-10-31' order by account_id, day;
drop schema exp cascade;
