{{config materialized="incremental" unique_key="customer_id" incremental_strategy="delete+insert"}}
-- One row per customer with orders: lifetime orders, units, revenue (gross, refunds, net), cost and order dates, added up
-- from customer_monthly. Incremental by affected customer: those with a month recomputed since the
-- newest row here get their totals again. Lifetime value, revenue by country and RFM segments read it.
select customer_id,
  cast(sum(orders) as bigint) as orders, sum(units) as units, {{revenue_sums}}, sum(cost) as cost,
  min(first_order_date) as first_order_date, max(last_order_date) as last_order_date,
  max(loaded_at) as loaded_at
from {{ref "customer_monthly"}}
{{#if (is_incremental)}}where customer_id in (select customer_id from {{ref "customer_monthly"}} where loaded_at > (select max(loaded_at) from {{this}})){{/if}}
group by customer_id
