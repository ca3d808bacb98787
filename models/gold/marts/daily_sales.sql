{{config materialized="incremental" unique_key="order_date"}}
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
  {{revenue_sums}},
  sum(gross_revenue) / nullif(sum(quantity), 0) as avg_unit_price,
  sum(net_revenue) - sum(cost) as profit,
  {{margin_pct "sum(net_revenue)" "sum(cost)"}} as margin_pct,
  '{{var "currency"}}' as currency,
  max(loaded_at) as loaded_at
from {{ref "fact_sales"}}
{{#if (is_incremental)}}where order_date in (select order_date from {{ref "fact_sales"}} where loaded_at > (select max(loaded_at) from {{this}})){{/if}}
group by order_date
