{{config materialized="incremental" unique_key="event_id" watermark="loaded_at"}}
select
  cast(event_id as bigint) as event_id,
  cast(session_id as bigint) as session_id,
  cast(nullif(customer_id, '') as integer) as customer_id,
  lower(trim(event_type)) as event_type,
  cast(product_id as integer) as product_id,
  cast(occurred_at as timestamp) as occurred_at,
  cast(_loaded_at as timestamp) as loaded_at
from {{ref "brz_web_events"}}
{{#if (is_incremental)}}where _loaded_at > (select max(loaded_at) from {{this}}){{/if}}
