select f.customer_id, c.segment, c.country,
  count(distinct f.order_id) as orders, sum(f.revenue) as lifetime_revenue, sum(f.revenue - f.cost) as lifetime_margin,
  min(f.order_date) as first_order_date, max(f.order_date) as last_order_date,
  sum(f.revenue) / nullif(count(distinct f.order_id), 0) as avg_order_value
from {{ref "fact_sales"}} f
join {{ref "dim_customer"}} c on c.customer_id = f.customer_id and c.is_current
group by 1, 2, 3
