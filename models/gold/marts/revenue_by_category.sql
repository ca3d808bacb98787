select
  p.category,
  count(distinct f.order_id) as orders,
  sum(f.revenue) as revenue,
  {{margin_pct "sum(f.revenue)" "sum(f.cost)"}} as margin_pct
from {{ref "fact_sales"}} f
join {{ref "dim_product"}} p on p.product_id = f.product_id
group by p.category
