{{config materialized="incremental" unique_key="order_id" watermark="ordered_at"}}
select
  cast(order_id as integer) as order_id,
  cast(customer_id as integer) as customer_id,
  cast(ordered_at as timestamp) as ordered_at,
  lower(trim(status)) as status,
  lower(trim(payment_method)) as payment_method
from {{ref "brz_orders"}}
{{#if (is_incremental)}}
where cast(ordered_at as timestamp) > (select max(ordered_at) from {{this}})
{{/if}}
