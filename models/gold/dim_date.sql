-- One row per day from the first order to the last.
select
  date_day,
  extract(year from date_day) as year,
  extract(month from date_day) as month,
  {{date_trunc "month" "date_day"}} as month_start,
  extract(dow from date_day) as day_of_week,
  extract(dow from date_day) in (0, 6) as is_weekend
from ({{date_spine (concat "(select min(ordered_at) from " (ref "stg_orders") ")") (concat "(select max(ordered_at) from " (ref "stg_orders") ")")}}) as spine
