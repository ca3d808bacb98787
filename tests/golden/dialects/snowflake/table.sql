-- table, first build: prepare
create schema if not exists ANALYTICS.DBT_ADA_GOLD;
create or replace transient table ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_tmp as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;
-- table, first build: swap (one transaction)
alter table ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_tmp rename to ANALYTICS.DBT_ADA_GOLD.fact_sales;

-- table over an existing table: prepare
create schema if not exists ANALYTICS.DBT_ADA_GOLD;
create or replace transient table ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_tmp as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;
-- table over an existing table: swap (one transaction)
alter table ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_tmp swap with ANALYTICS.DBT_ADA_GOLD.fact_sales;
-- table over an existing table: cleanup
drop table if exists ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_tmp;

-- table over an existing view: prepare
create schema if not exists ANALYTICS.DBT_ADA_GOLD;
create or replace transient table ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_tmp as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;
-- table over an existing view: swap (one transaction)
drop view if exists ANALYTICS.DBT_ADA_GOLD.fact_sales;
alter table ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_tmp rename to ANALYTICS.DBT_ADA_GOLD.fact_sales;

-- permanent table (transient: false): prepare
create schema if not exists ANALYTICS.DBT_ADA_GOLD;
create or replace table ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_tmp as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;
-- permanent table (transient: false): swap (one transaction)
alter table ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_tmp rename to ANALYTICS.DBT_ADA_GOLD.fact_sales;

-- table with cluster_by, grants and a per-node transient: false: prepare
create schema if not exists ANALYTICS.DBT_ADA_GOLD;
create or replace table ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_tmp cluster by (order_date, customer_id) as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;
-- table with cluster_by, grants and a per-node transient: false: swap (one transaction)
alter table ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_tmp swap with ANALYTICS.DBT_ADA_GOLD.fact_sales;
grant select on table ANALYTICS.DBT_ADA_GOLD.fact_sales to role reporter;
grant select on table ANALYTICS.DBT_ADA_GOLD.fact_sales to role analyst;
-- table with cluster_by, grants and a per-node transient: false: cleanup
drop table if exists ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_tmp;
