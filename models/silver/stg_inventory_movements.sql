select
  cast(movement_id as bigint) as movement_id,
  cast(product_id as integer) as product_id,
  cast(moved_at as timestamp) as moved_at,
  cast(quantity as integer) as quantity,
  lower(trim(reason)) as reason
from {{ref "brz_inventory_movements"}}
