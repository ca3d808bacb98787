-- Orders, customers, revenue (gross, refunds, net) and margin per country (the customer's current one), from customer_totals.
select c.country, c.region, cast(sum(t.orders) as bigint) as orders, count(*) as customers,
  {{revenue_sums prefix="t."}}, {{margin_pct "sum(t.net_revenue)" "sum(t.cost)"}} as margin_pct
from {{ref "customer_totals"}} t
join {{ref "dim_customer"}} c on c.customer_id = t.customer_id and c.is_current
group by c.country, c.region
