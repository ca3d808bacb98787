-- Monthly cohorts by first order: the share of each cohort ordering again N months later (from the
-- monthly rollup: one row per customer and active month).
with firsts as (
  select customer_id, min(month) as cohort_month from {{ref "customer_monthly"}} group by 1
),
activity as (
  select customer_id, month as active_month from {{ref "customer_monthly"}}
),
sizes as (select cohort_month, count(*) as cohort_size from firsts group by 1)
select f.cohort_month, {{datediff "month" "f.cohort_month" "a.active_month"}} as months_since_first,
  count(distinct a.customer_id) as active_customers, s.cohort_size,
  round(count(distinct a.customer_id) * 100.0 / s.cohort_size, 2) as retention_pct
from firsts f
join activity a on a.customer_id = f.customer_id
join sizes s on s.cohort_month = f.cohort_month
group by 1, 2, s.cohort_size
