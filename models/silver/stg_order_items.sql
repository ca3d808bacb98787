{{config materialized="incremental" unique_key=(array "order_id" "line_no") watermark="loaded_at"}}
-- Valid order lines only: positive quantities of known products (the rest goes to the quarantine).
-- Incremental on the load time: a build reads only rows loaded since the newest one it holds (filtered
-- before the deduplication, so the window function sees only the new loads), then merges on the key.
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
  {{#if (is_incremental)}}and l._loaded_at > (select max(loaded_at) from {{this}}){{/if}}
qualify row_number() over (partition by l.order_id, l.line_no order by l._loaded_at desc) = 1
