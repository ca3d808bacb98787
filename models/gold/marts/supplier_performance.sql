select p.supplier_id, p.supplier_name, count(distinct f.order_id) as orders, sum(f.quantity) as units,
  sum(f.revenue) as revenue, {{margin_pct "sum(f.revenue)" "sum(f.cost)"}} as margin_pct,
  round(avg(case when f.is_returned then 1.0 else 0 end) * 100, 2) as return_rate_pct
from {{ref "fact_sales"}} f
join {{ref "dim_product"}} p on p.product_id = f.product_id
group by 1, 2
