{{config event_time="cutoff_date"}}
-- Monthly cutoffs: the first of each month from three months after the first order. A cutoff exists
-- once it is settled — three days of orders after it have landed, so every order placed before it has
-- (orders arrive at most two days late) — and its features never change after that. A cutoff is
-- labelled when its whole 90-day window lies inside the data; the latest one is the scoring set.
select date_day as cutoff_date,
  date_day + interval '90 day' <= (select max(ordered_at) from {{ref "stg_orders"}}) as is_labelled
from ({{date_spine (concat "(select " (date_trunc "month" "min(ordered_at)") " + interval '3 month' from " (ref "stg_orders") ")") (concat "(select max(ordered_at) - interval '3 day' from " (ref "stg_orders") ")") step="month"}}) as months
