{{config materialized="dynamic_table" target_lag="1 hour"}}
-- Sales KPIs per month with month-over-month deltas, on net revenue (macros/commerce.sql): AOV (net
-- revenue per order), ARPU (net revenue per ordering customer — per user, not per unit as one seed
-- write-up has it; daily_sales has the average unit price) and margin. A dynamic table on Snowflake
-- (the dashboard wants it fresh within the hour); a table rebuilt by each build on DuckDB, from the
-- monthly rollup.
with monthly as (
  select month, cast(sum(orders) as bigint) as orders, count(*) as customers,
    {{revenue_sums}}, sum(cost) as cost
  from {{ref "customer_monthly"}}
  group by 1
)
select month, orders, customers, gross_revenue, refunds, net_revenue,
  net_revenue / nullif(orders, 0) as aov,
  net_revenue / nullif(customers, 0) as arpu,
  {{margin_pct "net_revenue" "cost"}} as margin_pct,
  net_revenue - lag(net_revenue) over (order by month) as net_revenue_delta,
  round((net_revenue / nullif(lag(net_revenue) over (order by month), 0) - 1) * 100, 2) as net_revenue_delta_pct,
  net_revenue / nullif(orders, 0) - lag(net_revenue / nullif(orders, 0)) over (order by month) as aov_delta
from monthly
