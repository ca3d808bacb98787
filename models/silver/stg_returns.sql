select
  cast(return_id as bigint) as return_id,
  cast(order_id as bigint) as order_id,
  cast(line_no as integer) as line_no,
  cast(returned_at as timestamp) as returned_at,
  lower(trim(reason)) as reason,
  cast(refund_amount as decimal(12, 2)) as refund_amount,
  cast(_loaded_at as timestamp) as loaded_at
from {{ref "brz_returns"}}
qualify row_number() over (partition by return_id order by _loaded_at desc) = 1
