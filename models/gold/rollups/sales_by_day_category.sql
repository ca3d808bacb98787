{{config materialized="incremental" unique_key=(array "order_date" "category")}}
-- Orders, units, gross/net revenue, refunds and cost per day and product category: what revenue_by_category adds up.
-- Incremental by affected day: a build recomputes only the days holding a fact_sales row loaded since
-- the newest row here (new orders, late-arriving ones, a return weeks later), and merges them.
select f.order_date, p.category,
  count(distinct f.order_id) as orders, sum(f.quantity) as units, {{revenue_sums prefix="f."}}, sum(f.cost) as cost,
  max(f.loaded_at) as loaded_at
from {{ref "fact_sales"}} f
join {{ref "dim_product"}} p on p.product_id = f.product_id
{{#if (is_incremental)}}where f.order_date in (select order_date from {{ref "fact_sales"}} where loaded_at > (select max(loaded_at) from {{this}})){{/if}}
group by f.order_date, p.category
