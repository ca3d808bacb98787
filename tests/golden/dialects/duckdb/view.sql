-- view: prepare
create schema if not exists DBT_ADA_GOLD;
-- view: swap (one transaction)
create or replace view DBT_ADA_GOLD.fact_sales as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;

-- view over an existing table: prepare
create schema if not exists DBT_ADA_GOLD;
-- view over an existing table: swap (one transaction)
drop table if exists DBT_ADA_GOLD.fact_sales;
create or replace view DBT_ADA_GOLD.fact_sales as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;

-- view with grants: prepare
create schema if not exists DBT_ADA_GOLD;
-- view with grants: swap (one transaction)
create or replace view DBT_ADA_GOLD.fact_sales as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;
