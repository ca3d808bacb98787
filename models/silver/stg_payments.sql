{{config materialized="incremental" unique_key="payment_id" watermark="loaded_at"}}
-- Valid payments (a missing method goes to the quarantine).
select
  cast(payment_id as bigint) as payment_id,
  cast(order_id as bigint) as order_id,
  lower(trim(method)) as method,
  cast(installments as integer) as installments,
  cast(amount as decimal(12, 2)) as amount,
  cast(paid_at as timestamp) as paid_at,
  cast(_loaded_at as timestamp) as loaded_at
from {{ref "brz_payments"}}
where nullif(trim(method), '') is not null
  {{#if (is_incremental)}}and _loaded_at > (select max(loaded_at) from {{this}}){{/if}}
qualify row_number() over (partition by payment_id order by _loaded_at desc) = 1
