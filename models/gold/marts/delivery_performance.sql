select {{date_trunc "month" "s.shipped_at"}} as month, s.carrier, c.country,
  count(*) as shipments,
  round(avg(case when s.is_late then 1.0 else 0 end) * 100, 2) as late_pct,
  avg({{datediff "hour" "s.shipped_at" "s.delivered_at"}}) / 24.0 as avg_days_in_transit
from {{ref "stg_shipments"}} s
join {{ref "stg_orders"}} o on o.order_id = s.order_id
join {{ref "stg_customers"}} c on c.customer_id = o.customer_id
where s.delivered_at is not null
group by 1, 2, 3
