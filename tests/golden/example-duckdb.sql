-- stg_orders
-- One row per order: typed, status standardized, exact duplicates from the feed removed.
select
  cast(order_id as integer) as order_id,
  cast(customer_id as integer) as customer_id,
  cast(ordered_at as timestamp) as ordered_at,
  lower(trim(status)) as status,
  cast(discount_pct as integer) as discount_pct,
  lower(trim(sales_channel)) as sales_channel,
  cast(loaded_at as timestamp) as loaded_at
from bronze.brz_orders
qualify row_number() over (partition by order_id order by loaded_at desc) = 1

-- fact_sales
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
from silver.stg_order_items i
join silver.stg_orders o on o.order_id = i.order_id
join silver.stg_products p on p.product_id = i.product_id
where o.ordered_at >= cast('2024-11-01' as timestamp)

-- daily_sales
-- The seed documents' VW_DAILY_SALES_ANALYSIS: orders, customers, revenue and margin per day.
select
  order_date,
  count(distinct order_id) as orders,
  count(distinct customer_id) as customers,
  sum(quantity) as units,
  sum(revenue) as revenue,
  sum(revenue) - sum(cost) as profit,
  case when sum(revenue) = 0 then null else round((sum(revenue) - sum(cost)) / sum(revenue) * 100, 2) end as margin_pct,
  'USD' as currency
from gold.fact_sales
where status <> 'returned'
group by order_date

-- dim_customer
select
  md5(coalesce(cast(c.customer_id as varchar), '_forge_null_')) as customer_key,
  c.customer_id, c.first_name, c.last_name, c.email, c.country, r.region, c.city, c.segment, c.signup_channel,
  cast(c.signup_at as date) as signup_date,
  date_diff('day', c.signup_at, current_date) as tenure_days
from silver.stg_customers c
left join raw.country_regions r on r.country_code = c.country
