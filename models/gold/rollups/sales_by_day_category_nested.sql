{{config materialized="incremental" unique_key=(array "order_date" "category")}}
-- sales_by_day_category computed from the nested orders (one wide table, lines unnested) instead of
-- the star join. Incremental by affected day like its twin: the days of orders loaded since the newest here.
select cast(o.ordered_at as date) as order_date, p.category,
  count(distinct o.order_id) as orders,
  sum({{struct_field "l" "quantity" "integer"}}) as units,
  sum({{struct_field "l" "quantity" "integer"}} * {{struct_field "l" "unit_price" "decimal(12, 2)"}}) as revenue,
  sum({{struct_field "l" "quantity" "integer"}} * p.unit_cost) as cost,
  max(o.loaded_at) as loaded_at
from {{ref "stg_orders_nested"}} o
{{unnest_join "o.lines" "l"}}
join {{ref "dim_product"}} p on p.product_id = {{struct_field "l" "product_id" "integer"}}
{{#if (is_incremental)}}where cast(o.ordered_at as date) in (select cast(ordered_at as date) from {{ref "stg_orders_nested"}} where loaded_at > (select max(loaded_at) from {{this}})){{/if}}
group by 1, 2
