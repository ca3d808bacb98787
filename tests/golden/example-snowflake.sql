-- stg_orders
-- One row per order: typed, status standardized, exact duplicates from the feed removed.
select
  cast(order_id as bigint) as order_id,
  cast(customer_id as integer) as customer_id,
  cast(ordered_at as timestamp) as ordered_at,
  lower(trim(status)) as status,
  cast(discount_pct as integer) as discount_pct,
  lower(trim(sales_channel)) as sales_channel,
  cast(loaded_at as timestamp) as loaded_at
from FORGE_SHOP.FORGE_bronze.brz_orders
qualify row_number() over (partition by order_id order by loaded_at desc) = 1

-- fact_sales
-- One row per order line, priced, costed, with its delivery and return.
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
  i.quantity * i.unit_price as revenue,
  i.quantity * p.unit_cost as cost,
  s.is_late,
  r.return_id is not null as is_returned,
  greatest(i.loaded_at, o.loaded_at) as loaded_at
from FORGE_SHOP.FORGE_silver.stg_order_items i
join FORGE_SHOP.FORGE_silver.stg_orders o on o.order_id = i.order_id
join FORGE_SHOP.FORGE_silver.stg_products p on p.product_id = i.product_id
left join FORGE_SHOP.FORGE_silver.stg_shipments s on s.order_id = i.order_id
left join FORGE_SHOP.FORGE_silver.stg_returns r on r.order_id = i.order_id and r.line_no = i.line_no
where o.ordered_at >= cast('2024-11-01' as timestamp)

-- daily_sales
-- The seed documents' VW_DAILY_SALES_ANALYSIS: orders, customers, revenue and margin per day.
-- Incremental by day: each build recomputes the last three days (late orders arrive up to two days late).
select
  order_date,
  count(distinct order_id) as orders,
  count(distinct customer_id) as customers,
  sum(quantity) as units,
  sum(revenue) as revenue,
  sum(revenue) - sum(cost) as profit,
  case when sum(revenue) = 0 then null else round((sum(revenue) - sum(cost)) / sum(revenue) * 100, 2) end as margin_pct,
  'USD' as currency
from FORGE_SHOP.FORGE_gold.fact_sales
where status <> 'returned'
group by order_date

-- dim_date
-- One row per day from the first order to the last.
select
  date_day,
  extract(year from date_day) as year,
  extract(month from date_day) as month,
  date_trunc('month', date_day) as month_start,
  extract(dow from date_day) as day_of_week,
  extract(dow from date_day) in (0, 6) as is_weekend
from (select date_day from (
  select dateadd(day, row_number() over (order by seq4()) - 1, cast((select min(ordered_at) from FORGE_SHOP.FORGE_silver.stg_orders) as date)) as date_day
  from table(generator(rowcount => 10000))
) as forge_spine
where date_day <= cast((select max(ordered_at) from FORGE_SHOP.FORGE_silver.stg_orders) as date)) as spine

-- customer_features
-- Point-in-time features and the labels per (customer, cutoff). churned_90d: no order in the 90 days
-- after the cutoff; spend_next_90d: revenue in those 90 days (the LTV model's label); both null for
-- right-censored cutoffs (window not complete). Microbatch by month, one cutoff a batch (churn_cutoffs
-- declares event_time, so each batch sees its own cutoff): memory stays bounded at the large scale, and
-- each build recomputes the last four months of cutoffs so labels fill in as their windows complete.
-- The label reads orders *after* the cutoff, so its ref opts out of the window (window=false).
with features as (
  with orders as (
  select customer_id, order_id, min(ordered_at) as ordered_at, sum(revenue) as revenue,
    max(discount_pct) as discount_pct, bool_or(coalesce(is_late, false)) as is_late, bool_or(is_returned) as is_returned
  from FORGE_SHOP.FORGE_gold.fact_sales
  group by customer_id, order_id
),
population as (
  select distinct c.cutoff_date, o.customer_id
  from FORGE_SHOP.FORGE_features.churn_cutoffs c
  join orders o on o.ordered_at < c.cutoff_date and o.ordered_at >= c.cutoff_date - interval 180 day
),
order_features as (
  select p.cutoff_date, p.customer_id,
    datediff(day, max(o.ordered_at), p.cutoff_date) as recency_days,
    count(distinct case when o.ordered_at >= p.cutoff_date - interval 30 day then o.order_id end) as orders_30d,
    count(distinct case when o.ordered_at >= p.cutoff_date - interval 90 day then o.order_id end) as orders_90d,
    count(distinct case when o.ordered_at >= p.cutoff_date - interval 180 day then o.order_id end) as orders_180d,
    coalesce(sum(case when o.ordered_at >= p.cutoff_date - interval 30 day then o.revenue end), 0) as revenue_30d,
    coalesce(sum(case when o.ordered_at >= p.cutoff_date - interval 90 day then o.revenue end), 0) as revenue_90d,
    coalesce(sum(case when o.ordered_at >= p.cutoff_date - interval 180 day then o.revenue end), 0) as revenue_180d,
    count(distinct o.order_id) as orders_lifetime,
    datediff(day, min(o.ordered_at), max(o.ordered_at)) / nullif(count(distinct o.order_id) - 1, 0) as avg_days_between_orders,
    sum(case when o.ordered_at >= p.cutoff_date - interval 180 day and o.is_returned then 1 else 0 end) as returns_180d,
    sum(case when o.ordered_at >= p.cutoff_date - interval 180 day and o.is_late then 1 else 0 end) as late_deliveries_180d,
    avg(case when o.ordered_at >= p.cutoff_date - interval 180 day then case when o.discount_pct > 0 then 1.0 else 0 end end) as discount_share_180d
  from population p
  join orders o on o.customer_id = p.customer_id and o.ordered_at < p.cutoff_date
  group by p.cutoff_date, p.customer_id
),
breadth as (
  select p.cutoff_date, p.customer_id, count(distinct pr.category) as category_breadth
  from population p
  join FORGE_SHOP.FORGE_gold.fact_sales s on s.customer_id = p.customer_id and s.ordered_at < p.cutoff_date
  join FORGE_SHOP.FORGE_gold.dim_product pr on pr.product_id = s.product_id
  group by p.cutoff_date, p.customer_id
),
browsing as (
  select p.cutoff_date, p.customer_id,
    count(distinct case when w.occurred_at >= p.cutoff_date - interval 30 day then w.session_id end) as sessions_30d,
    datediff(day, max(w.occurred_at), p.cutoff_date) as days_since_last_session
  from population p
  join FORGE_SHOP.FORGE_silver.stg_web_events w on w.customer_id = p.customer_id and w.occurred_at < p.cutoff_date
  group by p.cutoff_date, p.customer_id
),
attributes as (
  select p.cutoff_date, p.customer_id, v.segment, v.country, v.signup_channel, datediff(day, v.signup_at, p.cutoff_date) as tenure_days
  from population p
  join FORGE_SHOP.FORGE_silver.stg_customer_versions v on v.customer_id = p.customer_id and v.updated_at < p.cutoff_date
  qualify row_number() over (partition by p.cutoff_date, p.customer_id order by v.updated_at desc) = 1
)
select f.cutoff_date, f.customer_id, a.segment, a.country, a.signup_channel, a.tenure_days,
  f.recency_days, f.orders_30d, f.orders_90d, f.orders_180d, f.revenue_30d, f.revenue_90d, f.revenue_180d,
  f.orders_lifetime, f.avg_days_between_orders, f.recency_days / nullif(f.avg_days_between_orders, 0) as recency_over_gap, f.returns_180d, f.late_deliveries_180d, f.discount_share_180d,
  f.revenue_180d / nullif(f.orders_180d, 0) as avg_basket_180d,
  coalesce(b.category_breadth, 0) as category_breadth,
  coalesce(w.sessions_30d, 0) as sessions_30d, w.days_since_last_session
from order_features f
left join breadth b on b.cutoff_date = f.cutoff_date and b.customer_id = f.customer_id
left join browsing w on w.cutoff_date = f.cutoff_date and w.customer_id = f.customer_id
left join attributes a on a.cutoff_date = f.cutoff_date and a.customer_id = f.customer_id
)
select f.*, c.is_labelled,
  case when not c.is_labelled then null
       when exists (select 1 from FORGE_SHOP.FORGE_silver.stg_orders o where o.customer_id = f.customer_id
                    and o.ordered_at >= f.cutoff_date and o.ordered_at < f.cutoff_date + interval 90 day) then 0
       else 1 end as churned_90d,
  case when c.is_labelled then coalesce(n.spend, 0) end as spend_next_90d
from features f
join FORGE_SHOP.FORGE_features.churn_cutoffs c on c.cutoff_date = f.cutoff_date
left join (
  select k.cutoff_date, s.customer_id, sum(s.revenue) as spend
  from FORGE_SHOP.FORGE_features.churn_cutoffs k
  join FORGE_SHOP.FORGE_gold.fact_sales s on s.ordered_at >= k.cutoff_date and s.ordered_at < k.cutoff_date + interval 90 day
  group by k.cutoff_date, s.customer_id
) n on n.cutoff_date = f.cutoff_date and n.customer_id = f.customer_id

-- customer_churn_predictions
-- Churn risk for every customer of the latest cutoff, scored in the warehouse by the deployed UDFs
-- of the churn model's default version (and the LTV model's). A table, not a view: a 200-tree UDF
-- is costly to plan, so each is evaluated once per row here.
with scored as (
  select s.*,
    FORGE_SHOP.FORGE_ml.predict_churn_probability(s.tenure_days, s.recency_days, s.orders_30d, s.orders_90d, s.orders_180d, s.revenue_30d, s.revenue_90d, s.revenue_180d, s.orders_lifetime, s.returns_180d, s.late_deliveries_180d, s.discount_share_180d, s.avg_basket_180d, s.category_breadth, s.sessions_30d, s.days_since_last_session, s.avg_days_between_orders, s.recency_over_gap, s.segment, s.country, s.signup_channel) as churn_probability,
    FORGE_SHOP.FORGE_ml.predict_churn(s.tenure_days, s.recency_days, s.orders_30d, s.orders_90d, s.orders_180d, s.revenue_30d, s.revenue_90d, s.revenue_180d, s.orders_lifetime, s.returns_180d, s.late_deliveries_180d, s.discount_share_180d, s.avg_basket_180d, s.category_breadth, s.sessions_30d, s.days_since_last_session, s.avg_days_between_orders, s.recency_over_gap, s.segment, s.country, s.signup_channel) as predicted_churn,
    FORGE_SHOP.FORGE_ml.predict_ltv(s.tenure_days, s.recency_days, s.orders_30d, s.orders_90d, s.orders_180d, s.revenue_30d, s.revenue_90d, s.revenue_180d, s.orders_lifetime, s.returns_180d, s.discount_share_180d, s.avg_basket_180d, s.category_breadth, s.sessions_30d, s.segment) as predicted_spend_90d
  from FORGE_SHOP.FORGE_features.churn_scoring_set s
)
select customer_id, cutoff_date, churn_probability, predicted_churn,
  case when churn_probability >= 0.7 then 'high' when churn_probability >= 0.4 then 'medium' else 'low' end as risk_band,
  predicted_spend_90d,
  (select max(version) from FORGE_SHOP.FORGE_ml.churn_model where is_default) as model_version,
  segment, country, recency_days, orders_180d, revenue_180d
from scored
