-- RFM segments (monetary: net revenue) from each customer's orders up to the last order date in the data (from customer_totals).
with latest as (select max(last_order_date) as as_of from {{ref "customer_totals"}}),
rfm as (
  select t.customer_id,
    {{datediff "day" "t.last_order_date" "l.as_of"}} as recency_days,
    t.orders as frequency, t.net_revenue as monetary
  from {{ref "customer_totals"}} t cross join latest l
),
scored as (
  select *, ntile(4) over (order by recency_days desc, customer_id) as r, ntile(4) over (order by frequency, customer_id) as f,
    ntile(4) over (order by monetary, customer_id) as m from rfm
)
select customer_id, recency_days, frequency, monetary, r, f, m,
  case when r >= 3 and f >= 3 then 'champions' when r >= 3 then 'promising' when f >= 3 then 'at_risk' else 'hibernating' end as segment
from scored
