select c.country, c.region, count(distinct f.order_id) as orders, count(distinct f.customer_id) as customers,
  sum(f.revenue) as revenue, {{margin_pct "sum(f.revenue)" "sum(f.cost)"}} as margin_pct
from {{ref "fact_sales"}} f
join {{ref "dim_customer"}} c on c.customer_id = f.customer_id and c.is_current
group by c.country, c.region
