-- seed (typed VALUES; column_types override inference)
select * from read_csv('/srv/shop/seeds/customers.csv', header = true, auto_detect = true, delim = ',', types = {'vip': 'boolean'});

-- schema
create schema if not exists DBT_ADA_GOLD;

-- temporary table
create or replace temp table fact_sales__forge_incr as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;

-- zero-copy clone (forge clone)
create or replace table DBT_ADA_GOLD.fact_sales as
select * from PROD_GOLD.fact_sales;

-- streams (change data capture on a source table)
create or replace view RAW.orders_changes as
select *, 'INSERT' as metadata$action, false as metadata$isupdate from RAW.orders;
create or replace view RAW.events_new as
select *, 'INSERT' as metadata$action, false as metadata$isupdate from RAW.events;

-- SQL UDF (ML deployment)
create or replace macro DBT_ADA_GOLD.predict_churn(recency, segment) as (
1 / (1 + exp(-(0.5 * coalesce(recency, 3))))
);

-- training data digest and sample bucket
select count(*)::varchar || ':' || coalesce(sum(hash(forge_rows))::varchar, '0') as digest
from (
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items
) as forge_rows;
select * from (select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items) where (hash(order_id, line_no) % 1000) < 250;

-- time arithmetic
select (cast(current_timestamp as timestamp) - interval (24) hour), (max(loaded_at) - interval '3 days'), timestamp '2026-03-01 06:00:00.000';

-- columns
alter table DBT_ADA_GOLD.fact_sales add column discount FLOAT;
alter table DBT_ADA_GOLD.fact_sales drop column discount;

-- transactions
begin transaction;
commit;
rollback;
