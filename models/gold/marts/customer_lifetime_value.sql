-- Orders, revenue, margin and order dates per customer over their whole history, from the monthly rollup.
select m.customer_id, c.segment, c.country,
  cast(sum(m.orders) as bigint) as orders, sum(m.revenue) as lifetime_revenue, sum(m.revenue - m.cost) as lifetime_margin,
  min(m.first_order_date) as first_order_date, max(m.last_order_date) as last_order_date,
  sum(m.revenue) / nullif(sum(m.orders), 0) as avg_order_value
from {{ref "customer_monthly"}} m
join {{ref "dim_customer"}} c on c.customer_id = m.customer_id and c.is_current
group by 1, 2, 3
