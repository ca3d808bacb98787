-- view: prepare
create schema if not exists ANALYTICS.DBT_ADA_GOLD;
-- view: swap (one transaction)
create or replace view ANALYTICS.DBT_ADA_GOLD.fact_sales copy grants as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;

-- view over an existing table: prepare
create schema if not exists ANALYTICS.DBT_ADA_GOLD;
-- view over an existing table: swap (one transaction)
drop table if exists ANALYTICS.DBT_ADA_GOLD.fact_sales;
create or replace view ANALYTICS.DBT_ADA_GOLD.fact_sales copy grants as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;

-- view with grants: prepare
create schema if not exists ANALYTICS.DBT_ADA_GOLD;
-- view with grants: swap (one transaction)
create or replace view ANALYTICS.DBT_ADA_GOLD.fact_sales copy grants as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;
grant select on view ANALYTICS.DBT_ADA_GOLD.fact_sales to role reporter;
