-- Stock on hand, daily sales over the last 30 days, days until stock-out, and reorder alerts.
with stock as (
  select product_id, sum(quantity) as movements, max(moved_at) as as_of from {{ref "stg_inventory_movements"}} group by 1
),
recent as (
  select product_id, sum(-quantity) / 30.0 as daily_sales
  from {{ref "stg_inventory_movements"}}
  where reason = 'sale' and moved_at > (select max(moved_at) from {{ref "stg_inventory_movements"}}) - interval '30 day'
  group by 1
)
select p.product_id, p.product_name, p.category, p.reorder_point,
  p.reorder_point * 4 + s.movements as stock_on_hand,
  coalesce(r.daily_sales, 0) as daily_sales,
  case when coalesce(r.daily_sales, 0) = 0 then null else round((p.reorder_point * 4 + s.movements) / r.daily_sales, 1) end as days_until_stockout,
  p.reorder_point * 4 + s.movements < p.reorder_point as reorder_alert
from {{ref "dim_product"}} p
join stock s on s.product_id = p.product_id
left join recent r on r.product_id = p.product_id
