{{config materialized="dynamic_table" target_lag="1 hour"}}
-- Sales KPIs per month — AOV, ARPU, margin — with month-over-month deltas. A dynamic table on
-- Snowflake (the dashboard wants it fresh within the hour); a table rebuilt by each build on DuckDB,
-- from the monthly rollup (returned orders left out).
with monthly as (
  select month, cast(sum(kept_orders) as bigint) as orders, count(*) as customers,
    sum(kept_revenue) as revenue, sum(kept_cost) as cost
  from {{ref "customer_monthly"}}
  where kept_orders > 0
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
