-- Monthly cohorts by first order: the share of each cohort ordering again N months later.
with firsts as (
  select customer_id, {{date_trunc "month" "min(order_date)"}} as cohort_month from {{ref "fact_sales"}} group by 1
),
activity as (
  select distinct f.customer_id, {{date_trunc "month" "f.order_date"}} as active_month from {{ref "fact_sales"}} f
),
sizes as (select cohort_month, count(*) as cohort_size from firsts group by 1)
select f.cohort_month, {{datediff "month" "f.cohort_month" "a.active_month"}} as months_since_first,
  count(distinct a.customer_id) as active_customers, s.cohort_size,
  round(count(distinct a.customer_id) * 100.0 / s.cohort_size, 2) as retention_pct
from firsts f
join activity a on a.customer_id = f.customer_id
join sizes s on s.cohort_month = f.cohort_month
group by 1, 2, s.cohort_size
