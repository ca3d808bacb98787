{{config materialized="incremental" unique_key="order_id" watermark="loaded_at" lookback="3 days" event_time="ordered_at"}}
-- One row per order: typed, status standardized, exact duplicates from the feed removed.
select
  cast(order_id as bigint) as order_id,
  cast(customer_id as integer) as customer_id,
  cast(ordered_at as timestamp) as ordered_at,
  lower(trim(status)) as status,
  cast(discount_pct as integer) as discount_pct,
  lower(trim(sales_channel)) as sales_channel,
  cast(loaded_at as timestamp) as loaded_at
from {{ref "brz_orders"}}
qualify row_number() over (partition by order_id order by loaded_at desc) = 1
