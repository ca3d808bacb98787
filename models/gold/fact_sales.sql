{{config materialized="incremental" unique_key="order_id,line_no" incremental_strategy="merge" watermark="loaded_at" lookback="3 days" cluster_by="order_date"}}
-- One row per order line, priced, costed, with its delivery and return.
select
  i.order_id,
  i.line_no,
  o.customer_id,
  i.product_id,
  cast(o.ordered_at as date) as order_date,
  o.ordered_at,
  o.status,
  o.discount_pct,
  o.sales_channel,
  i.quantity,
  i.unit_price,
  i.quantity * i.unit_price as revenue,
  i.quantity * p.unit_cost as cost,
  s.is_late,
  r.return_id is not null as is_returned,
  greatest(i.loaded_at, o.loaded_at) as loaded_at
from {{ref "stg_order_items"}} i
join {{ref "stg_orders"}} o on o.order_id = i.order_id
join {{ref "stg_products"}} p on p.product_id = i.product_id
left join {{ref "stg_shipments"}} s on s.order_id = i.order_id
left join {{ref "stg_returns"}} r on r.order_id = i.order_id and r.line_no = i.line_no
where o.ordered_at >= cast('{{var "start_date"}}' as timestamp)
