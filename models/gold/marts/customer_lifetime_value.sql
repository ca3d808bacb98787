-- Orders, revenue (gross, refunds, net), margin and order dates per customer over their whole history (from customer_totals),
-- with the customer's current segment and country.
select t.customer_id, c.segment, c.country,
  t.orders, t.gross_revenue, t.refunds, t.net_revenue, t.net_revenue - t.cost as lifetime_margin,
  t.first_order_date, t.last_order_date,
  t.net_revenue / nullif(t.orders, 0) as avg_order_value
from {{ref "customer_totals"}} t
join {{ref "dim_customer"}} c on c.customer_id = t.customer_id and c.is_current
