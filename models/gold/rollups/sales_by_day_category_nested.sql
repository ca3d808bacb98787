{{config materialized="incremental" unique_key=(array "order_date" "category")}}
-- sales_by_day_category computed from the nested orders (one wide table, lines unnested) instead of
-- the star join (gross revenue only: refunds arrive weeks later in their own feed, not in the nested
-- orders). Incremental by affected day like its twin: the days of orders loaded since the newest here.
with orders as (
  select * from {{ref "stg_orders_nested"}}
  {{#if (is_incremental)}}where cast(ordered_at as date) in (select cast(ordered_at as date) from {{ref "stg_orders_nested"}} where loaded_at > (select max(loaded_at) from {{this}})){{/if}}
)
select cast(o.ordered_at as date) as order_date, p.category,
  count(distinct o.order_id) as orders,
  sum({{element_field "o.l" "quantity" "integer"}}) as units,
  sum({{element_field "o.l" "quantity" "integer"}} * {{element_field "o.l" "unit_price" "decimal(12, 2)"}}) as gross_revenue,
  sum({{element_field "o.l" "quantity" "integer"}} * p.unit_cost) as cost,
  max(o.loaded_at) as loaded_at
from {{unnest_rows "orders" "lines" "l"}} as o
join {{ref "dim_product"}} p on p.product_id = {{element_field "o.l" "product_id" "integer"}}
group by 1, 2
