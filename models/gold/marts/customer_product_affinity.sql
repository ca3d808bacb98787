-- The seed's VW_CUSTOMER_PRODUCT_AFFINITY: what each customer buys per category, and their share.
select f.customer_id, p.category, count(distinct f.order_id) as orders, sum(f.quantity) as units, sum(f.revenue) as revenue,
  round(sum(f.revenue) * 100.0 / sum(sum(f.revenue)) over (partition by f.customer_id), 2) as share_of_wallet_pct
from {{ref "fact_sales"}} f
join {{ref "dim_product"}} p on p.product_id = f.product_id
group by 1, 2
