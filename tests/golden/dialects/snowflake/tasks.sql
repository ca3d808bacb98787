-- deploy (a changed root, two new tasks, one gone)
alter task if exists ANALYTICS.FORGE.FORGE_SHOP__ROOT suspend;
drop task if exists ANALYTICS.FORGE.FORGE_SHOP__GONE;
create or replace task ANALYTICS.FORGE.FORGE_SHOP__ROOT
warehouse = TRANSFORMING
schedule = 'USING CRON 0 6 * * * UTC'
timezone = 'UTC'
comment = 'forge:sha=0fdc3940cc9856d0'
as
select 1;
create or replace task ANALYTICS.FORGE.FORGE_SHOP__FACT_SALES
warehouse = TRANSFORMING
timezone = 'UTC'
comment = 'forge:sha=481700a0bed3927b'
after ANALYTICS.FORGE.FORGE_SHOP__ROOT
when system$stream_has_data('ANALYTICS.RAW.ORDERS_CHANGES')
as
execute immediate $$
declare
  existing integer default 0;
begin
  select count(*) into :existing from ANALYTICS.information_schema.tables where table_schema = upper('DBT_ADA_GOLD') and table_name = upper('fact_sales');
  if (existing = 0) then
    create or replace transient table ANALYTICS.DBT_ADA_GOLD.fact_sales cluster by (order_date) copy grants as
    select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items;
  else
    create or replace temporary table ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_task (order_id number(38,0), line_no number(38,0), revenue number(12,2), loaded_at timestamp_ntz);
    begin transaction;
    insert into ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_task (order_id, line_no, revenue, loaded_at)
    select order_id, line_no, revenue, loaded_at from (
    select * from (
    select * from (
    select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items where loaded_at > (select max(loaded_at) from ANALYTICS.DBT_ADA_GOLD.fact_sales)
    ) as forge_source
    where loaded_at >= dateadd(day, -3, (select max(loaded_at) from ANALYTICS.DBT_ADA_GOLD.fact_sales)) or (select max(loaded_at) from ANALYTICS.DBT_ADA_GOLD.fact_sales) is null
    ) as forge_new
    qualify row_number() over (partition by order_id, line_no order by loaded_at desc nulls last) = 1
    ) as forge_new_rows;
    merge into ANALYTICS.DBT_ADA_GOLD.fact_sales as forge_t using ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_task as forge_s
    on forge_t.order_id is not distinct from forge_s.order_id and forge_t.line_no is not distinct from forge_s.line_no
    when matched then update set revenue = forge_s.revenue, loaded_at = forge_s.loaded_at
    when not matched then insert (order_id, line_no, revenue, loaded_at) values (forge_s.order_id, forge_s.line_no, forge_s.revenue, forge_s.loaded_at);
    commit;
    drop table if exists ANALYTICS.DBT_ADA_GOLD.fact_sales__forge_task;
  end if;
end;
$$;
create or replace task ANALYTICS.FORGE.FORGE_SHOP__DAILY_SALES
warehouse = TRANSFORMING
timezone = 'UTC'
comment = 'forge:sha=8064f5ec140c1923'
after ANALYTICS.FORGE.FORGE_SHOP__FACT_SALES
as
create or replace transient table ANALYTICS.DBT_ADA_GOLD.daily_sales copy grants as
select 1 as x;
select system$task_dependents_enable('ANALYTICS.FORGE.FORGE_SHOP__ROOT');

-- drop
alter task if exists ANALYTICS.FORGE.FORGE_SHOP__ROOT suspend;
drop task if exists ANALYTICS.FORGE.FORGE_SHOP__FACT_SALES;
drop task if exists ANALYTICS.FORGE.FORGE_SHOP__DAILY_SALES;
drop task if exists ANALYTICS.FORGE.FORGE_SHOP__ROOT;

-- status
show tasks like 'FORGE_SHOP__%' in schema ANALYTICS.FORGE;
select name, state, scheduled_time, completed_time, error_message
from table(ANALYTICS.information_schema.task_history(result_limit => 50))
where name like 'FORGE_SHOP__%'
order by scheduled_time desc;
