-- schema
create schema if not exists DBT_ADA_GOLD;

-- temporary table
create temporary table fact_sales__forge_incr as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;

-- zero-copy clone (forge clone)
create table DBT_ADA_GOLD.fact_sales as
select * from PROD_GOLD.fact_sales;

-- streams (change data capture on a source table)
create or replace view RAW.orders_changes as
select *, 'INSERT' as metadata$action, false as metadata$isupdate from RAW.orders;
create or replace view RAW.events_new as
select *, 'INSERT' as metadata$action, false as metadata$isupdate from RAW.events;

-- SQL UDF (ML deployment)
create or replace function DBT_ADA_GOLD.predict_churn(recency double precision, segment text)
returns double precision
language sql
immutable
as $$
select 1 / (1 + exp(-(0.5 * coalesce(recency, 3))))
$$;

-- training data digest and sample bucket
select count(*)::text || ':' || coalesce(md5(string_agg(md5(forge_rows::text), '' order by md5(forge_rows::text))), '0') as digest
from (
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items
) as forge_rows;
select * from (select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items) where (abs(hashtext(concat_ws('|', order_id, line_no))::bigint) % 1000) < 250;

-- time arithmetic
select (localtimestamp - interval '24 hours'), (max(loaded_at) - interval '3 days'), timestamp '2026-03-01 06:00:00.000';

-- columns
alter table DBT_ADA_GOLD.fact_sales add column discount FLOAT;
alter table DBT_ADA_GOLD.fact_sales drop column discount;

-- transactions
begin transaction;
commit;
rollback;
