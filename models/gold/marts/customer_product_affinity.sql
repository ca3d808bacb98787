{{config materialized="incremental" unique_key=(array "customer_id" "category") incremental_strategy="delete+insert"}}
-- The seed's VW_CUSTOMER_PRODUCT_AFFINITY: what each customer buys per category, and their share.
-- Incremental by affected customer: a build recomputes the whole history of each customer with a
-- fact_sales row loaded since the newest row here (their shares change together) and replaces it.
select f.customer_id, p.category, count(distinct f.order_id) as orders, sum(f.quantity) as units, sum(f.gross_revenue) as gross_revenue,
  round(sum(f.gross_revenue) * 100.0 / nullif(sum(sum(f.gross_revenue)) over (partition by f.customer_id), 0), 2) as share_of_wallet_pct,
  max(f.loaded_at) as loaded_at
from {{ref "fact_sales"}} f
join {{ref "dim_product"}} p on p.product_id = f.product_id
{{#if (is_incremental)}}where f.customer_id in (select customer_id from {{ref "fact_sales"}} where loaded_at > (select max(loaded_at) from {{this}})){{/if}}
group by 1, 2
