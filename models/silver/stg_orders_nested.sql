{{config materialized="incremental" unique_key="order_id" incremental_strategy="merge"}}
-- One row per order with its lines and payments nested inside (the Olist write-up's layout): a mart
-- reading it touches one table instead of joining three. Incremental: only orders loaded in the last
-- three days (re)built, and only their lines and payments aggregated.
with orders as (
  select * from {{ref "stg_orders"}}
  where ordered_at >= cast('{{var "start_date"}}' as timestamp)
  {{#if (is_incremental)}}
    and loaded_at > (select max(loaded_at) from {{this}}) - interval 3 day
  {{/if}}
),
lines as (
  select order_id, {{array_of_structs (array "line_no" "product_id" "quantity" "unit_price") "line_no"}} as lines
  from {{ref "stg_order_items"}} where order_id in (select order_id from orders) group by order_id
),
payments as (
  select order_id, {{array_of_structs (array "method" "installments" "amount") "payment_id"}} as payments
  from {{ref "stg_payments"}} where order_id in (select order_id from orders) group by order_id
)
select o.order_id, o.customer_id, o.ordered_at, o.status, o.discount_pct, l.lines, p.payments, o.loaded_at
from orders o
join lines l on l.order_id = o.order_id
left join payments p on p.order_id = o.order_id
