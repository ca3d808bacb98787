-- stg_orders
-- first build (incremental)
create schema if not exists silver;
create table silver.stg_orders__forge_tmp as
-- One row per order: typed, status standardized, exact duplicates from the feed removed (the latest
-- load wins; within a load, the feed's own export time). loaded_at is when Forge loaded the row, so a
-- build reads only the loads since the newest it holds — late-arriving orders come in later loads.
select
  cast(order_id as bigint) as order_id,
  cast(customer_id as integer) as customer_id,
  cast(ordered_at as timestamp) as ordered_at,
  lower(trim(status)) as status,
  cast(discount_pct as integer) as discount_pct,
  lower(trim(sales_channel)) as sales_channel,
  cast(_loaded_at as timestamp) as loaded_at
from bronze.brz_orders

qualify row_number() over (partition by order_id order by _loaded_at desc, loaded_at desc) = 1;
alter table silver.stg_orders__forge_tmp rename to stg_orders;
-- staging select of the builds after
select * from (
select * from (
-- One row per order: typed, status standardized, exact duplicates from the feed removed (the latest
-- load wins; within a load, the feed's own export time). loaded_at is when Forge loaded the row, so a
-- build reads only the loads since the newest it holds — late-arriving orders come in later loads.
select
  cast(order_id as bigint) as order_id,
  cast(customer_id as integer) as customer_id,
  cast(ordered_at as timestamp) as ordered_at,
  lower(trim(status)) as status,
  cast(discount_pct as integer) as discount_pct,
  lower(trim(sales_channel)) as sales_channel,
  cast(_loaded_at as timestamp) as loaded_at
from bronze.brz_orders
where _loaded_at > (select max(loaded_at) from silver.stg_orders)
qualify row_number() over (partition by order_id order by _loaded_at desc, loaded_at desc) = 1
) as forge_source
where loaded_at > (select max(loaded_at) from silver.stg_orders) or (select max(loaded_at) from silver.stg_orders) is null
) as forge_new
qualify row_number() over (partition by order_id order by loaded_at desc nulls last) = 1;

-- fact_sales
-- first build (incremental)
create schema if not exists gold;
create table gold.fact_sales__forge_tmp as
-- One row per order line, priced, costed, with its delivery and return, and the one definition of
-- revenue every mart and the dashboard add up: gross_revenue (quantity × unit price, every order
-- whatever its status), refunds (what the returns feed refunded for the line) and net_revenue (gross
-- minus refunds). delivered_at and returned_at say when those events happened, so point-in-time
-- features count them only before a cutoff. loaded_at is the newest load
-- time of anything the row is made of; an incremental build recomputes every line of each order that
-- got a new line, order version, shipment or return since the newest row it holds (a return arriving
-- weeks later updates its old line), and merges them. Each input is cut to those orders before the
-- joins (at the large scale 1.6 s instead of 12.7 s: the warehouse no longer joins whole tables).
select
  i.order_id,
  i.line_no,
  o.customer_id,
  i.product_id,
  cast(o.ordered_at as date) as order_date,
  o.ordered_at,
  o.status,
  o.discount_pct,
  o.sales_channel,
  i.quantity,
  i.unit_price,
  i.quantity * i.unit_price as gross_revenue,
  coalesce(r.refund_amount, 0) as refunds,
  i.quantity * i.unit_price - coalesce(r.refund_amount, 0) as net_revenue,
  i.quantity * p.unit_cost as cost,
  s.delivered_at,
  s.is_late,
  r.returned_at,
  r.return_id is not null as is_returned,
  greatest(i.loaded_at, o.loaded_at, coalesce(s.loaded_at, o.loaded_at), coalesce(r.loaded_at, o.loaded_at)) as loaded_at
from silver.stg_order_items i
join silver.stg_orders o on o.order_id = i.order_id
join silver.stg_products p on p.product_id = i.product_id
left join silver.stg_shipments s on s.order_id = i.order_id
left join silver.stg_returns r on r.order_id = i.order_id and r.line_no = i.line_no
where o.ordered_at >= cast('2024-11-01' as timestamp);
alter table gold.fact_sales__forge_tmp rename to fact_sales;
-- staging select of the builds after
select * from (
select * from (
-- One row per order line, priced, costed, with its delivery and return, and the one definition of
-- revenue every mart and the dashboard add up: gross_revenue (quantity × unit price, every order
-- whatever its status), refunds (what the returns feed refunded for the line) and net_revenue (gross
-- minus refunds). delivered_at and returned_at say when those events happened, so point-in-time
-- features count them only before a cutoff. loaded_at is the newest load
-- time of anything the row is made of; an incremental build recomputes every line of each order that
-- got a new line, order version, shipment or return since the newest row it holds (a return arriving
-- weeks later updates its old line), and merges them. Each input is cut to those orders before the
-- joins (at the large scale 1.6 s instead of 12.7 s: the warehouse no longer joins whole tables).
with since as (select max(loaded_at) as t from gold.fact_sales),
changed as (
  select order_id from silver.stg_order_items where loaded_at > (select t from since)
  union select order_id from silver.stg_orders where loaded_at > (select t from since)
  union select order_id from silver.stg_shipments where loaded_at > (select t from since)
  union select order_id from silver.stg_returns where loaded_at > (select t from since)
)
select
  i.order_id,
  i.line_no,
  o.customer_id,
  i.product_id,
  cast(o.ordered_at as date) as order_date,
  o.ordered_at,
  o.status,
  o.discount_pct,
  o.sales_channel,
  i.quantity,
  i.unit_price,
  i.quantity * i.unit_price as gross_revenue,
  coalesce(r.refund_amount, 0) as refunds,
  i.quantity * i.unit_price - coalesce(r.refund_amount, 0) as net_revenue,
  i.quantity * p.unit_cost as cost,
  s.delivered_at,
  s.is_late,
  r.returned_at,
  r.return_id is not null as is_returned,
  greatest(i.loaded_at, o.loaded_at, coalesce(s.loaded_at, o.loaded_at), coalesce(r.loaded_at, o.loaded_at)) as loaded_at
from (select * from silver.stg_order_items where order_id in (select order_id from changed)) i
join (select * from silver.stg_orders where order_id in (select order_id from changed)) o on o.order_id = i.order_id
join silver.stg_products p on p.product_id = i.product_id
left join (select * from silver.stg_shipments where order_id in (select order_id from changed)) s on s.order_id = i.order_id
left join (select * from silver.stg_returns where order_id in (select order_id from changed)) r on r.order_id = i.order_id and r.line_no = i.line_no
where o.ordered_at >= cast('2024-11-01' as timestamp)
) as forge_source
where loaded_at > (select max(loaded_at) from gold.fact_sales) or (select max(loaded_at) from gold.fact_sales) is null
) as forge_new
qualify row_number() over (partition by order_id, line_no order by loaded_at desc nulls last) = 1;

-- daily_sales
-- first build (incremental)
create schema if not exists gold;
create table gold.daily_sales__forge_tmp as
-- The seed documents' VW_DAILY_SALES_ANALYSIS: orders, customers, units, revenue (gross, refunds,
-- net: macros/commerce.sql), the average unit price, profit and margin per day. Refunds count on the
-- order's date, so a return weeks later lowers that day's net revenue. Incremental by affected day:
-- each build recomputes the days holding a fact_sales row loaded since the newest day here was built
-- (today's orders, late-arriving ones, a return), and merges them.
select
  order_date,
  count(distinct order_id) as orders,
  count(distinct customer_id) as customers,
  sum(quantity) as units,
  sum(gross_revenue) as gross_revenue, sum(refunds) as refunds, sum(net_revenue) as net_revenue,
  sum(gross_revenue) / nullif(sum(quantity), 0) as avg_unit_price,
  sum(net_revenue) - sum(cost) as profit,
  case when sum(net_revenue) = 0 then null else round((sum(net_revenue) - sum(cost)) / sum(net_revenue) * 100, 2) end as margin_pct,
  'USD' as currency,
  max(loaded_at) as loaded_at
from gold.fact_sales

group by order_date;
alter table gold.daily_sales__forge_tmp rename to daily_sales;
-- staging select of the builds after
select * from (
select * from (
-- The seed documents' VW_DAILY_SALES_ANALYSIS: orders, customers, units, revenue (gross, refunds,
-- net: macros/commerce.sql), the average unit price, profit and margin per day. Refunds count on the
-- order's date, so a return weeks later lowers that day's net revenue. Incremental by affected day:
-- each build recomputes the days holding a fact_sales row loaded since the newest day here was built
-- (today's orders, late-arriving ones, a return), and merges them.
select
  order_date,
  count(distinct order_id) as orders,
  count(distinct customer_id) as customers,
  sum(quantity) as units,
  sum(gross_revenue) as gross_revenue, sum(refunds) as refunds, sum(net_revenue) as net_revenue,
  sum(gross_revenue) / nullif(sum(quantity), 0) as avg_unit_price,
  sum(net_revenue) - sum(cost) as profit,
  case when sum(net_revenue) = 0 then null else round((sum(net_revenue) - sum(cost)) / sum(net_revenue) * 100, 2) end as margin_pct,
  'USD' as currency,
  max(loaded_at) as loaded_at
from gold.fact_sales
where order_date in (select order_date from gold.fact_sales where loaded_at > (select max(loaded_at) from gold.daily_sales))
group by order_date
) as forge_source
) as forge_new
qualify row_number() over (partition by order_date order by order_date) = 1;

-- dim_date
-- first build (table)
create schema if not exists gold;
create table gold.dim_date__forge_tmp as
-- One row per day from the first order to the last.
select
  date_day,
  extract(year from date_day) as year,
  extract(month from date_day) as month,
  date_trunc('month', date_day) as month_start,
  extract(dow from date_day) as day_of_week,
  extract(dow from date_day) in (0, 6) as is_weekend
from (select cast(range as date) as date_day from range(cast((select min(ordered_at) from silver.stg_orders) as date), cast((select max(ordered_at) from silver.stg_orders) as date) + interval 1 day, interval 1 day)) as spine;
alter table gold.dim_date__forge_tmp rename to dim_date;

-- customer_features
create schema if not exists features;
create or replace view features.customer_features as
-- What the churn and LTV models train on: each cutoff's point-in-time features with its labels (null
-- for right-censored cutoffs, whose 90-day window is not complete). A view over cutoff_features and
-- churn_labels, which are incremental on their own schedules.
select f.*, c.is_labelled,
  case when c.is_labelled then l.churned_90d end as churned_90d,
  case when c.is_labelled then l.spend_next_90d end as spend_next_90d
from features.cutoff_features f
join features.churn_cutoffs c on c.cutoff_date = f.cutoff_date
left join features.churn_labels l on l.cutoff_date = f.cutoff_date and l.customer_id = f.customer_id;

-- customer_churn_predictions
-- first build (incremental)
create schema if not exists gold;
create table gold.customer_churn_predictions__forge_tmp as
-- Churn risk for every customer of the latest cutoff, scored in the warehouse by the deployed UDFs
-- of the churn model's default version (and the LTV model's). A table, not a view: a 200-tree UDF
-- is costly to plan, so each is evaluated once per row here. Incremental: a build scores only the
-- customers whose features (by row hash), cutoff or model versions differ from what is stored — a
-- new cutoff or a new default version rescores everyone, an ordinary day almost no one — and its
-- post-hook (gold.yml) drops customers who left the latest cutoff's scoring set.
with versions as (
  select (select max(version) from ml.churn_model where is_default) as model_version,
         (select max(version) from ml.ltv_model where is_default) as ltv_model_version
),
todo as (
  select s.*, hash(s) as features_hash
  from features.churn_scoring_set s
),
scored as (
  select s.*,
    ml.predict_churn_probability(s.tenure_days, s.recency_days, s.orders_30d, s.orders_90d, s.orders_180d, s.revenue_30d, s.revenue_90d, s.revenue_180d, s.orders_lifetime, s.returns_180d, s.late_deliveries_180d, s.discount_share_180d, s.avg_basket_180d, s.category_breadth, s.sessions_30d, s.days_since_last_session, s.avg_days_between_orders, s.recency_over_gap, s.segment, s.country, s.signup_channel) as churn_probability,
    ml.predict_churn(s.tenure_days, s.recency_days, s.orders_30d, s.orders_90d, s.orders_180d, s.revenue_30d, s.revenue_90d, s.revenue_180d, s.orders_lifetime, s.returns_180d, s.late_deliveries_180d, s.discount_share_180d, s.avg_basket_180d, s.category_breadth, s.sessions_30d, s.days_since_last_session, s.avg_days_between_orders, s.recency_over_gap, s.segment, s.country, s.signup_channel) as predicted_churn,
    ml.predict_ltv(s.tenure_days, s.recency_days, s.orders_30d, s.orders_90d, s.orders_180d, s.revenue_30d, s.revenue_90d, s.revenue_180d, s.orders_lifetime, s.returns_180d, s.discount_share_180d, s.avg_basket_180d, s.category_breadth, s.sessions_30d, s.segment) as predicted_spend_90d
  from todo s
)
select customer_id, cutoff_date, churn_probability, predicted_churn,
  case when churn_probability >= 0.7 then 'high' when churn_probability >= 0.4 then 'medium' else 'low' end as risk_band,
  predicted_spend_90d,
  (select model_version from versions) as model_version,
  (select ltv_model_version from versions) as ltv_model_version,
  segment, country, recency_days, orders_180d, revenue_180d, features_hash
from scored;
alter table gold.customer_churn_predictions__forge_tmp rename to customer_churn_predictions;
-- staging select of the builds after
select * from (
select * from (
-- Churn risk for every customer of the latest cutoff, scored in the warehouse by the deployed UDFs
-- of the churn model's default version (and the LTV model's). A table, not a view: a 200-tree UDF
-- is costly to plan, so each is evaluated once per row here. Incremental: a build scores only the
-- customers whose features (by row hash), cutoff or model versions differ from what is stored — a
-- new cutoff or a new default version rescores everyone, an ordinary day almost no one — and its
-- post-hook (gold.yml) drops customers who left the latest cutoff's scoring set.
with versions as (
  select (select max(version) from ml.churn_model where is_default) as model_version,
         (select max(version) from ml.ltv_model where is_default) as ltv_model_version
),
todo as (
  select s.*, hash(s) as features_hash
  from features.churn_scoring_set s
),
scored as (
  select s.*,
    ml.predict_churn_probability(s.tenure_days, s.recency_days, s.orders_30d, s.orders_90d, s.orders_180d, s.revenue_30d, s.revenue_90d, s.revenue_180d, s.orders_lifetime, s.returns_180d, s.late_deliveries_180d, s.discount_share_180d, s.avg_basket_180d, s.category_breadth, s.sessions_30d, s.days_since_last_session, s.avg_days_between_orders, s.recency_over_gap, s.segment, s.country, s.signup_channel) as churn_probability,
    ml.predict_churn(s.tenure_days, s.recency_days, s.orders_30d, s.orders_90d, s.orders_180d, s.revenue_30d, s.revenue_90d, s.revenue_180d, s.orders_lifetime, s.returns_180d, s.late_deliveries_180d, s.discount_share_180d, s.avg_basket_180d, s.category_breadth, s.sessions_30d, s.days_since_last_session, s.avg_days_between_orders, s.recency_over_gap, s.segment, s.country, s.signup_channel) as predicted_churn,
    ml.predict_ltv(s.tenure_days, s.recency_days, s.orders_30d, s.orders_90d, s.orders_180d, s.revenue_30d, s.revenue_90d, s.revenue_180d, s.orders_lifetime, s.returns_180d, s.discount_share_180d, s.avg_basket_180d, s.category_breadth, s.sessions_30d, s.segment) as predicted_spend_90d
  from todo s
  where not exists (
    select 1 from gold.customer_churn_predictions t cross join versions v
    where t.customer_id = s.customer_id and t.cutoff_date = s.cutoff_date and t.features_hash = s.features_hash
      and t.model_version = v.model_version and t.ltv_model_version = v.ltv_model_version)
)
select customer_id, cutoff_date, churn_probability, predicted_churn,
  case when churn_probability >= 0.7 then 'high' when churn_probability >= 0.4 then 'medium' else 'low' end as risk_band,
  predicted_spend_90d,
  (select model_version from versions) as model_version,
  (select ltv_model_version from versions) as ltv_model_version,
  segment, country, recency_days, orders_180d, revenue_180d, features_hash
from scored
) as forge_source
) as forge_new
qualify row_number() over (partition by customer_id order by customer_id) = 1;
