{{config materialized="incremental" unique_key=(array "source_table" "record_key" "reason" "copy_no")}}
-- Rows the silver layer keeps out, each with a reason code, instead of letting them vanish.
-- Reasons: duplicate_order, duplicate_customer, negative_quantity, unknown_product_id,
-- null_payment_method, impossible_delivery_date. copy_no numbers the extra copies of a duplicate.
-- Incremental: a build checks only the rows loaded since the newest quarantined one (for duplicates,
-- every copy of a key that arrived again), and merges what it finds.
{{#if (is_incremental)}}
with since as (select max(_loaded_at) as t from {{this}}),
{{else}}
with
{{/if}}
orders as (
  select 'orders' as source_table, order_id as record_key, 'duplicate_order' as reason, copy as copy_no, _source_file, _loaded_at
  from (select *, row_number() over (partition by order_id order by _source_file, _loaded_at) as copy from {{ref "brz_orders"}}
        {{#if (is_incremental)}}where order_id in (select order_id from {{ref "brz_orders"}} where _loaded_at > (select t from since)){{/if}})
  where copy > 1
),
customers as (
  select 'customers', customer_id, 'duplicate_customer', copy, _source_file, _loaded_at
  from (select *, row_number() over (partition by customer_id, first_name, last_name, email, country, city, segment, signup_channel, signup_at, updated_at
                                     order by _source_file) as copy
        from {{ref "brz_customers"}}
        {{#if (is_incremental)}}where customer_id in (select customer_id from {{ref "brz_customers"}} where _loaded_at > (select t from since)){{/if}})
  where copy > 1
),
new_lines as (
  select * from {{ref "brz_order_items"}}
  {{#if (is_incremental)}}where _loaded_at > (select t from since){{/if}}
),
lines as (
  select 'order_lines', order_id || '-' || line_no, 'negative_quantity', 1, _source_file, _loaded_at
  from new_lines where cast(quantity as integer) <= 0
  union all
  select 'order_lines', order_id || '-' || line_no, 'unknown_product_id', 1, _source_file, _loaded_at
  from new_lines
  where cast(product_id as integer) not in (select cast(product_id as integer) from {{ref "brz_products"}})
),
payments as (
  select 'payments', payment_id, 'null_payment_method', 1, _source_file, _loaded_at
  from {{ref "brz_payments"}} where nullif(trim(method), '') is null
  {{#if (is_incremental)}}and _loaded_at > (select t from since){{/if}}
),
shipments as (
  select 'shipments', shipment_id, 'impossible_delivery_date', 1, _source_file, _loaded_at
  from {{ref "brz_shipments"}}
  where nullif(delivered_at, '') is not null and cast(delivered_at as timestamp) < cast(shipped_at as timestamp)
  {{#if (is_incremental)}}and _loaded_at > (select t from since){{/if}}
)
select * from orders union all select * from customers union all select * from lines
union all select * from payments union all select * from shipments
