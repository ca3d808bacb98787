{{config materialized="incremental" unique_key=(array "order_id" "line_no") watermark="loaded_at" lookback="3 days"}}
-- Valid order lines only: positive quantities of known products (the quarantine arrives with the silver layer).
select
  cast(l.order_id as bigint) as order_id,
  cast(l.line_no as integer) as line_no,
  cast(l.product_id as integer) as product_id,
  cast(l.quantity as integer) as quantity,
  cast(l.unit_price as decimal(12, 2)) as unit_price,
  cast(l._loaded_at as timestamp) as loaded_at
from {{ref "brz_order_items"}} l
where cast(l.quantity as integer) > 0
  and cast(l.product_id as integer) in (select cast(product_id as integer) from {{ref "brz_products"}})
qualify row_number() over (partition by l.order_id, l.line_no order by l._loaded_at desc) = 1
