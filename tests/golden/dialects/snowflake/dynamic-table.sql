-- create (new dynamic table)
create or replace dynamic table ANALYTICS.DBT_ADA_GOLD.fact_sales
target_lag = '1 hour' warehouse = TRANSFORMING refresh_mode = AUTO initialize = ON_SCHEDULE
comment = 'forge:sha=a9a40e9dba329a79;refresh_mode=AUTO;initialize=ON_SCHEDULE'
as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;
alter dynamic table ANALYTICS.DBT_ADA_GOLD.fact_sales refresh;

-- create (replacing a table of that name)
drop table if exists ANALYTICS.DBT_ADA_GOLD.fact_sales;
create or replace dynamic table ANALYTICS.DBT_ADA_GOLD.fact_sales
target_lag = '1 hour' warehouse = TRANSFORMING refresh_mode = AUTO initialize = ON_SCHEDULE
comment = 'forge:sha=a9a40e9dba329a79;refresh_mode=AUTO;initialize=ON_SCHEDULE'
as
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;
alter dynamic table ANALYTICS.DBT_ADA_GOLD.fact_sales refresh;

-- alter (target_lag and warehouse changed)
alter dynamic table ANALYTICS.DBT_ADA_GOLD.fact_sales set target_lag = '15 minutes' warehouse = BIG;

-- what exists
show dynamic tables like 'fact_sales' in schema ANALYTICS.DBT_ADA_GOLD;
