{{config materialized="incremental" unique_key="order_date"}}
-- The seed documents' VW_DAILY_SALES_ANALYSIS: orders, customers, revenue and margin per day.
-- Incremental by affected day: each build recomputes the days holding a fact_sales row loaded since the
-- newest day here was built (today's orders, late-arriving ones, a status change), and merges them.
select
  order_date,
  count(distinct order_id) as orders,
  count(distinct customer_id) as customers,
  sum(quantity) as units,
  sum(revenue) as revenue,
  sum(revenue) - sum(cost) as profit,
  {{margin_pct "sum(revenue)" "sum(cost)"}} as margin_pct,
  '{{var "currency"}}' as currency,
  max(loaded_at) as loaded_at
from {{ref "fact_sales"}}
where status <> 'returned'
{{#if (is_incremental)}}  and order_date in (select order_date from {{ref "fact_sales"}} where loaded_at > (select max(loaded_at) from {{this}})){{/if}}
group by order_date
