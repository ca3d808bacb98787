-- table, first build: prepare
create schema if not exists DBT_ADA_GOLD;
create table DBT_ADA_GOLD.fact_sales__forge_tmp as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;
-- table, first build: swap (one transaction)
alter table DBT_ADA_GOLD.fact_sales__forge_tmp rename to fact_sales;

-- table over an existing table: prepare
create schema if not exists DBT_ADA_GOLD;
create table DBT_ADA_GOLD.fact_sales__forge_tmp as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;
-- table over an existing table: swap (one transaction)
drop table if exists DBT_ADA_GOLD.fact_sales;
alter table DBT_ADA_GOLD.fact_sales__forge_tmp rename to fact_sales;

-- table over an existing view: prepare
create schema if not exists DBT_ADA_GOLD;
create table DBT_ADA_GOLD.fact_sales__forge_tmp as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;
-- table over an existing view: swap (one transaction)
drop view if exists DBT_ADA_GOLD.fact_sales;
alter table DBT_ADA_GOLD.fact_sales__forge_tmp rename to fact_sales;

-- table with cluster_by, grants and a per-node transient: false: prepare
create schema if not exists DBT_ADA_GOLD;
create table DBT_ADA_GOLD.fact_sales__forge_tmp as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;
-- table with cluster_by, grants and a per-node transient: false: swap (one transaction)
drop table if exists DBT_ADA_GOLD.fact_sales;
alter table DBT_ADA_GOLD.fact_sales__forge_tmp rename to fact_sales;
grant select on table DBT_ADA_GOLD.fact_sales to reporter;
grant select on table DBT_ADA_GOLD.fact_sales to analyst;
