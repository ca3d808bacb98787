select
  {{surrogate_key "product_id"}} as product_key,
  product_id, product_name, category, unit_cost, list_price, supplier_id, supplier_name, reorder_point,
  {{margin_pct "list_price" "unit_cost"}} as list_margin_pct
from {{ref "stg_products"}}
