{{config materialized="incremental" unique_key="order_id" watermark="loaded_at" event_time="ordered_at"}}
-- One row per order: typed, status standardized, exact duplicates from the feed removed (the latest
-- load wins; within a load, the feed's own export time). loaded_at is when Forge loaded the row, so a
-- build reads only the loads since the newest it holds — late-arriving orders come in later loads.
select
  cast(order_id as bigint) as order_id,
  cast(customer_id as integer) as customer_id,
  cast(ordered_at as timestamp) as ordered_at,
  lower(trim(status)) as status,
  cast(discount_pct as integer) as discount_pct,
  lower(trim(sales_channel)) as sales_channel,
  cast(_loaded_at as timestamp) as loaded_at
from {{ref "brz_orders"}}
{{#if (is_incremental)}}where _loaded_at > (select max(loaded_at) from {{this}}){{/if}}
qualify row_number() over (partition by order_id order by _loaded_at desc, loaded_at desc) = 1
