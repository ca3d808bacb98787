-- Rows the silver layer keeps out, each with a reason code, instead of letting them vanish.
-- Reasons: duplicate_order, duplicate_customer, negative_quantity, unknown_product_id,
-- null_payment_method, impossible_delivery_date.
with orders as (
  select 'orders' as source_table, order_id as record_key, 'duplicate_order' as reason, _source_file, _loaded_at
  from (select *, row_number() over (partition by order_id order by _source_file, _loaded_at) as copy from {{ref "brz_orders"}})
  where copy > 1
),
customers as (
  select 'customers', customer_id, 'duplicate_customer', _source_file, _loaded_at
  from (select *, row_number() over (partition by customer_id, first_name, last_name, email, country, city, segment, signup_channel, signup_at, updated_at
                                     order by _source_file) as copy
        from {{ref "brz_customers"}})
  where copy > 1
),
lines as (
  select 'order_lines', order_id || '-' || line_no, 'negative_quantity', _source_file, _loaded_at
  from {{ref "brz_order_items"}} where cast(quantity as integer) <= 0
  union all
  select 'order_lines', order_id || '-' || line_no, 'unknown_product_id', _source_file, _loaded_at
  from {{ref "brz_order_items"}}
  where cast(product_id as integer) not in (select cast(product_id as integer) from {{ref "brz_products"}})
),
payments as (
  select 'payments', payment_id, 'null_payment_method', _source_file, _loaded_at
  from {{ref "brz_payments"}} where nullif(trim(method), '') is null
),
shipments as (
  select 'shipments', shipment_id, 'impossible_delivery_date', _source_file, _loaded_at
  from {{ref "brz_shipments"}}
  where nullif(delivered_at, '') is not null and cast(delivered_at as timestamp) < cast(shipped_at as timestamp)
)
select * from orders union all select * from customers union all select * from lines
union all select * from payments union all select * from shipments
