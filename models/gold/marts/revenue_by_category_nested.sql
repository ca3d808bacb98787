-- revenue_by_category computed from the nested orders instead of the star join: the same numbers
-- (a data test compares them), reading one wide table.
select p.category,
  count(distinct o.order_id) as orders,
  sum({{struct_field "l" "quantity" "integer"}} * {{struct_field "l" "unit_price" "decimal(12, 2)"}}) as revenue,
  {{margin_pct (concat "sum(" (struct_field "l" "quantity" "integer") " * " (struct_field "l" "unit_price" "decimal(12, 2)") ")")
               (concat "sum(" (struct_field "l" "quantity" "integer") " * p.unit_cost)")}} as margin_pct
from {{ref "stg_orders_nested"}} o
{{unnest_join "o.lines" "l"}}
join {{ref "dim_product"}} p on p.product_id = {{struct_field "l" "product_id" "integer"}}
group by p.category
