{{config materialized="incremental" unique_key=(array "customer_id" "month") incremental_strategy="delete+insert"}}
-- One row per customer and month with orders: the customer marts (lifetime value, country, RFM
-- segments, cohorts, monthly KPIs) add these up instead of scanning every order line. Revenue is
-- gross, refunds and net (macros/commerce.sql). Incremental by affected customer-month: a build recomputes the pairs
-- holding a fact_sales row loaded since the newest row here and replaces them (delete+insert).
select f.customer_id, {{date_trunc "month" "f.order_date"}} as month,
  count(distinct f.order_id) as orders, sum(f.quantity) as units, {{revenue_sums prefix="f."}}, sum(f.cost) as cost,
  min(f.order_date) as first_order_date, max(f.order_date) as last_order_date,
  max(f.loaded_at) as loaded_at
from {{ref "fact_sales"}} f
{{#if (is_incremental)}}
join (select distinct customer_id, {{date_trunc "month" "order_date"}} as month from {{ref "fact_sales"}}
      where loaded_at > (select max(loaded_at) from {{this}})) affected
  on affected.customer_id = f.customer_id and affected.month = {{date_trunc "month" "f.order_date"}}
-- the same months as a plain filter too: it lets the warehouse skip the older parts of fact_sales
where {{date_trunc "month" "f.order_date"}} in (select distinct {{date_trunc "month" "order_date"}} from {{ref "fact_sales"}} where loaded_at > (select max(loaded_at) from {{this}}))
{{/if}}
group by 1, 2
