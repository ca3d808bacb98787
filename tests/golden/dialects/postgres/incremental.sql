-- staging select (watermark, 3-day lookback, one row per key)
select * from (
select * from (
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items
) as forge_source
where loaded_at >= ((select max(loaded_at) from DBT_ADA_GOLD.fact_sales) - interval '3 days') or (select max(loaded_at) from DBT_ADA_GOLD.fact_sales) is null
) as forge_new
qualify row_number() over (partition by order_id, line_no order by loaded_at desc nulls last) = 1;

-- merge: prepare

-- merge: swap (one transaction)
merge into DBT_ADA_GOLD.fact_sales as forge_t using DBT_ADA_GOLD.fact_sales__forge_incr as forge_s
on forge_t.order_id is not distinct from forge_s.order_id and forge_t.line_no is not distinct from forge_s.line_no
when matched then update set revenue = forge_s.revenue, loaded_at = forge_s.loaded_at
when not matched then insert (order_id, line_no, revenue, loaded_at) values (forge_s.order_id, forge_s.line_no, forge_s.revenue, forge_s.loaded_at);
-- merge: cleanup
drop table if exists DBT_ADA_GOLD.fact_sales__forge_incr;

-- delete+insert: prepare

-- delete+insert: swap (one transaction)
delete from DBT_ADA_GOLD.fact_sales as forge_t where exists (select 1 from DBT_ADA_GOLD.fact_sales__forge_incr as forge_s where forge_t.order_id is not distinct from forge_s.order_id and forge_t.line_no is not distinct from forge_s.line_no);
insert into DBT_ADA_GOLD.fact_sales (order_id, line_no, revenue, loaded_at)
select order_id, line_no, revenue, loaded_at from DBT_ADA_GOLD.fact_sales__forge_incr;
-- delete+insert: cleanup
drop table if exists DBT_ADA_GOLD.fact_sales__forge_incr;

-- append: prepare

-- append: swap (one transaction)
insert into DBT_ADA_GOLD.fact_sales (order_id, line_no, revenue, loaded_at)
select order_id, line_no, revenue, loaded_at from DBT_ADA_GOLD.fact_sales__forge_incr;
-- append: cleanup
drop table if exists DBT_ADA_GOLD.fact_sales__forge_incr;

-- append_new_columns: prepare

-- append_new_columns: swap (one transaction)
alter table DBT_ADA_GOLD.fact_sales add column discount FLOAT;
merge into DBT_ADA_GOLD.fact_sales as forge_t using DBT_ADA_GOLD.fact_sales__forge_incr as forge_s
on forge_t.order_id is not distinct from forge_s.order_id and forge_t.line_no is not distinct from forge_s.line_no
when matched then update set revenue = forge_s.revenue, loaded_at = forge_s.loaded_at, discount = forge_s.discount
when not matched then insert (order_id, line_no, revenue, loaded_at, discount) values (forge_s.order_id, forge_s.line_no, forge_s.revenue, forge_s.loaded_at, forge_s.discount);
-- append_new_columns: cleanup
drop table if exists DBT_ADA_GOLD.fact_sales__forge_incr;

-- sync_all_columns: prepare

-- sync_all_columns: swap (one transaction)
alter table DBT_ADA_GOLD.fact_sales add column discount FLOAT;
alter table DBT_ADA_GOLD.fact_sales drop column revenue;
merge into DBT_ADA_GOLD.fact_sales as forge_t using DBT_ADA_GOLD.fact_sales__forge_incr as forge_s
on forge_t.order_id is not distinct from forge_s.order_id and forge_t.line_no is not distinct from forge_s.line_no
when matched then update set loaded_at = forge_s.loaded_at, discount = forge_s.discount
when not matched then insert (order_id, line_no, loaded_at, discount) values (forge_s.order_id, forge_s.line_no, forge_s.loaded_at, forge_s.discount);
-- sync_all_columns: cleanup
drop table if exists DBT_ADA_GOLD.fact_sales__forge_incr;

-- microbatch window (one transaction)
delete from DBT_ADA_GOLD.fact_sales where loaded_at >= timestamp '2026-02-01 00:00:00.000' and loaded_at < timestamp '2026-03-01 00:00:00.000';
insert into DBT_ADA_GOLD.fact_sales (order_id, line_no, revenue, loaded_at)
select order_id, line_no, revenue, loaded_at from (
select * from (
select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items
) as forge_source
where loaded_at >= timestamp '2026-02-01 00:00:00.000' and loaded_at < timestamp '2026-03-01 00:00:00.000'
) as forge_window;
