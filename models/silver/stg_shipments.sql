{{config materialized="incremental" unique_key="shipment_id" watermark="loaded_at"}}
-- Valid shipments: delivered (if at all) after shipping. is_late compares delivery with the promise.
select
  cast(shipment_id as bigint) as shipment_id,
  cast(order_id as bigint) as order_id,
  lower(trim(carrier)) as carrier,
  cast(shipped_at as timestamp) as shipped_at,
  cast(promised_at as timestamp) as promised_at,
  cast(nullif(delivered_at, '') as timestamp) as delivered_at,
  cast(nullif(delivered_at, '') as timestamp) > cast(promised_at as timestamp) as is_late,
  cast(_loaded_at as timestamp) as loaded_at
from {{ref "brz_shipments"}}
where (nullif(delivered_at, '') is null or cast(delivered_at as timestamp) >= cast(shipped_at as timestamp))
  {{#if (is_incremental)}}and _loaded_at > (select max(loaded_at) from {{this}}){{/if}}
qualify row_number() over (partition by shipment_id order by _loaded_at desc) = 1
