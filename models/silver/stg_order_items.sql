{{config materialized="incremental" unique_key=(array "order_id" "line_no")}}
select
  cast(order_id as integer) as order_id,
  cast(line_no as integer) as line_no,
  cast(product_id as integer) as product_id,
  cast(quantity as integer) as quantity,
  cast(unit_price as decimal(12, 2)) as unit_price
from {{ref "brz_order_items"}}
