{{config materialized="incremental" unique_key="order_id,line_no" incremental_strategy="merge"}}
-- One row per order line, priced and costed.
select
  i.order_id,
  i.line_no,
  o.customer_id,
  i.product_id,
  cast(o.ordered_at as date) as order_date,
  o.status,
  o.discount_pct,
  i.quantity,
  i.unit_price,
  i.quantity * i.unit_price as revenue,
  i.quantity * p.unit_cost as cost
from {{ref "stg_order_items"}} i
join {{ref "stg_orders"}} o on o.order_id = i.order_id
join {{ref "stg_products"}} p on p.product_id = i.product_id
where o.ordered_at >= cast('{{var "start_date"}}' as timestamp)
