-- RFM segments from each customer's orders up to the last order date in the data.
with latest as (select max(order_date) as as_of from {{ref "fact_sales"}}),
rfm as (
  select f.customer_id,
    {{datediff "day" "max(f.order_date)" "max(l.as_of)"}} as recency_days,
    count(distinct f.order_id) as frequency, sum(f.revenue) as monetary
  from {{ref "fact_sales"}} f cross join latest l
  group by 1
),
scored as (
  select *, ntile(4) over (order by recency_days desc) as r, ntile(4) over (order by frequency) as f, ntile(4) over (order by monetary) as m from rfm
)
select customer_id, recency_days, frequency, monetary, r, f, m,
  case when r >= 3 and f >= 3 then 'champions' when r >= 3 then 'promising' when f >= 3 then 'at_risk' else 'hibernating' end as segment
from scored
