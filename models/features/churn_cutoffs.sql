{{config event_time="cutoff_date"}}
-- Monthly cutoffs: the first of each month from three months after the first order to the last order.
-- A cutoff is labelled when its whole 90-day window lies inside the data; the latest one is the scoring set.
select date_day as cutoff_date,
  date_day + interval 90 day <= (select max(ordered_at) from {{ref "stg_orders"}}) as is_labelled
from ({{date_spine (concat "(select " (date_trunc "month" "min(ordered_at)") " + interval 3 month from " (ref "stg_orders") ")") (concat "(select max(ordered_at) from " (ref "stg_orders") ")") step="month"}}) as months
