{{config materialized="dynamic_table" target_lag="1 hour"}}
-- Sales KPIs per month — AOV, ARPU, margin — with month-over-month deltas. A dynamic table on
-- Snowflake (the dashboard wants it fresh within the hour); a table rebuilt by each build on DuckDB.
with monthly as (
  select {{date_trunc "month" "order_date"}} as month,
    count(distinct order_id) as orders, count(distinct customer_id) as customers,
    sum(revenue) as revenue, sum(cost) as cost
  from {{ref "fact_sales"}}
  where status <> 'returned'
  group by 1
)
select month, orders, customers, revenue,
  revenue / nullif(orders, 0) as aov,
  revenue / nullif(customers, 0) as arpu,
  {{margin_pct "revenue" "cost"}} as margin_pct,
  revenue - lag(revenue) over (order by month) as revenue_delta,
  round((revenue / nullif(lag(revenue) over (order by month), 0) - 1) * 100, 2) as revenue_delta_pct,
  revenue / nullif(orders, 0) - lag(revenue / nullif(orders, 0)) over (order by month) as aov_delta
from monthly
