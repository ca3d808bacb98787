-- Orders, customers, revenue and margin per country (the customer's current one), from the monthly rollup.
select c.country, c.region, cast(sum(m.orders) as bigint) as orders, count(distinct m.customer_id) as customers,
  sum(m.revenue) as revenue, {{margin_pct "sum(m.revenue)" "sum(m.cost)"}} as margin_pct
from {{ref "customer_monthly"}} m
join {{ref "dim_customer"}} c on c.customer_id = m.customer_id and c.is_current
group by c.country, c.region
