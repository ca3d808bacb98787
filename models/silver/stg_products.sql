select
  cast(product_id as integer) as product_id,
  {{clean_text "product_name"}} as product_name,
  lower(trim(category)) as category,
  cast(unit_cost as decimal(12, 2)) as unit_cost,
  cast(list_price as decimal(12, 2)) as list_price,
  cast(supplier_id as integer) as supplier_id,
  supplier_name,
  cast(reorder_point as integer) as reorder_point
from {{ref "brz_products"}}
qualify row_number() over (partition by product_id order by cast(updated_at as timestamp) desc) = 1
