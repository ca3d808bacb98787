select
  cast(product_id as integer) as product_id,
  {{clean_text "product_name"}} as product_name,
  lower(trim(category)) as category,
  cast(unit_cost as decimal(12, 2)) as unit_cost,
  cast(list_price as decimal(12, 2)) as list_price,
  supplier
from {{ref "brz_products"}}
