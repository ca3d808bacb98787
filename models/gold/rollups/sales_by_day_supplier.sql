{{config materialized="incremental" unique_key=(array "order_date" "supplier_id")}}
-- Orders, units, revenue (gross, refunds, net), cost and returned lines per day and supplier: what supplier_performance adds
-- up. Incremental by affected day (see sales_by_day_category).
select f.order_date, p.supplier_id, p.supplier_name,
  count(distinct f.order_id) as orders, sum(f.quantity) as units, {{revenue_sums prefix="f."}}, sum(f.cost) as cost,
  count(*) as lines, sum(case when f.is_returned then 1 else 0 end) as returned_lines,
  max(f.loaded_at) as loaded_at
from {{ref "fact_sales"}} f
join {{ref "dim_product"}} p on p.product_id = f.product_id
{{#if (is_incremental)}}where f.order_date in (select order_date from {{ref "fact_sales"}} where loaded_at > (select max(loaded_at) from {{this}})){{/if}}
group by f.order_date, p.supplier_id, p.supplier_name
