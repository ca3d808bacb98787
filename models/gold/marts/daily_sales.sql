{{config materialized="incremental" incremental_strategy="delete+insert" unique_key="order_date" watermark="order_date" lookback="3 days"}}
-- The seed documents' VW_DAILY_SALES_ANALYSIS: orders, customers, revenue and margin per day.
-- Incremental by day: each build recomputes the last three days (late orders arrive up to two days late).
select
  order_date,
  count(distinct order_id) as orders,
  count(distinct customer_id) as customers,
  sum(quantity) as units,
  sum(revenue) as revenue,
  sum(revenue) - sum(cost) as profit,
  {{margin_pct "sum(revenue)" "sum(cost)"}} as margin_pct,
  '{{var "currency"}}' as currency
from {{ref "fact_sales"}}
where status <> 'returned'
group by order_date
