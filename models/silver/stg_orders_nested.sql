-- One row per order with its lines and payments nested inside (the Olist write-up's layout): a mart
-- reading it touches one table instead of joining three.
with lines as (
  select order_id, {{array_of_structs (array "line_no" "product_id" "quantity" "unit_price") "line_no"}} as lines
  from {{ref "stg_order_items"}} group by order_id
),
payments as (
  select order_id, {{array_of_structs (array "method" "installments" "amount") "payment_id"}} as payments
  from {{ref "stg_payments"}} group by order_id
)
select o.order_id, o.customer_id, o.ordered_at, o.status, o.discount_pct, l.lines, p.payments
from {{ref "stg_orders"}} o
join lines l on l.order_id = o.order_id
left join payments p on p.order_id = o.order_id
where o.ordered_at >= cast('{{var "start_date"}}' as timestamp)
