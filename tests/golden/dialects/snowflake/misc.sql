-- seed (typed VALUES; column_types override inference)
select column1::number(38,0) as id, column2::varchar as name, column3::date as signed_up, column4::float as score, column5::boolean as vip
from values
('1', 'Ada', '2025-01-02', '1.5', 'true'),
('2', 'O''Neil', null, '2', 'false');

-- schema
create schema if not exists ANALYTICS.DBT_ADA_GOLD;

-- temporary table
create or replace temporary table ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_incr as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;

-- zero-copy clone (forge clone)
create or replace transient table ANALYTICS.DBT_ADA_GOLD.fact_sales clone ANALYTICS.PROD_GOLD.fact_sales;

-- streams (change data capture on a source table)
create stream if not exists ANALYTICS.RAW.orders_changes on table ANALYTICS.RAW.orders show_initial_rows = true;
create stream if not exists ANALYTICS.RAW.events_new on table ANALYTICS.RAW.events append_only = true show_initial_rows = true;

-- stage load (PUT, then COPY INTO by position)
put 'file:///srv/shop/.forge/landing/orders/orders_2025-01.csv' @~/forge_landing/shop/.forge/landing/orders/ auto_compress = false overwrite = true;
copy into ANALYTICS.RAW.orders (order_id, status, _source_file, _loaded_at)
from (select $1, $2, replace(metadata$filename, 'forge_landing/shop/', ''), '2026-03-01 06:00:00.000'::timestamp_ntz from @~/forge_landing/shop/)
files = ('.forge/landing/orders/orders_2025-01.csv')
file_format = (type = csv skip_header = 1 field_optionally_enclosed_by = '"')
force = true;

-- external stage load (a cloud URL, Snowflake's load metadata skips copied files)
create stage if not exists ANALYTICS.RAW.forge_stage_orders
url = 's3://lake/landing/orders/'
storage_integration = LAKE_S3
file_format = (type = csv skip_header = 1 field_optionally_enclosed_by = '"');
copy into ANALYTICS.RAW.orders (order_id, status, _source_file, _loaded_at)
from (select $1, $2, metadata$filename, '2026-03-01 06:00:00.000'::timestamp_ntz from @ANALYTICS.RAW.forge_stage_orders)
pattern = '.*[.]csv';

-- SQL UDF (ML deployment)
create or replace function ANALYTICS.DBT_ADA_GOLD.predict_churn(recency FLOAT, segment VARCHAR)
returns float
language sql
as
$$
1 / (1 + exp(-(0.5 * coalesce(recency, 3))))
$$;

-- training data digest and sample bucket
select count(*)::varchar || ':' || coalesce(hash_agg(*)::varchar, '0') as digest
from (
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items
) as forge_rows;
select * from (select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items) where (abs(hash(order_id, line_no)) % 1000) < 250;

-- time arithmetic
select dateadd(hour, -24, current_timestamp()::timestamp_ntz), dateadd(day, -3, max(loaded_at)), '2026-03-01 06:00:00.000'::timestamp_ntz;

-- columns
alter table ANALYTICS.DBT_ADA_GOLD.fact_sales add column discount FLOAT;
alter table ANALYTICS.DBT_ADA_GOLD.fact_sales drop column discount;

-- transactions
begin transaction;
commit;
rollback;
