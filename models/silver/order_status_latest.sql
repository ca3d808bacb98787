{{config materialized="incremental" unique_key="order_id" incremental_strategy="merge"}}
-- The latest status of each order, from the orders stream (inserts and updates; deletes ignored).
-- Deployed as a task (forge deploy), it runs only when the stream has data, and its MERGE consumes it.
-- On DuckDB the "stream" shows every row, so an incremental build reads only rows loaded since the
-- newest here (on Snowflake the stream holds only those anyway).
select
  cast(order_id as bigint) as order_id,
  lower(trim(status)) as status,
  cast(loaded_at as timestamp) as status_loaded_at,
  cast(_loaded_at as timestamp) as loaded_at
from {{source "landing" "orders_changes"}}
where metadata$action = 'INSERT'
{{#if (is_incremental)}}  and _loaded_at > (select max(loaded_at) from {{this}}){{/if}}
qualify row_number() over (partition by order_id order by cast(_loaded_at as timestamp) desc, cast(loaded_at as timestamp) desc, lower(trim(status))) = 1
