{{config materialized="incremental" incremental_strategy="microbatch" event_time="cutoff_date" batch_size="month" begin="2024-11-01" lookback=4}}
-- Point-in-time features and the labels per (customer, cutoff). churned_90d: no order in the 90 days
-- after the cutoff; spend_next_90d: revenue in those 90 days (the LTV model's label); both null for
-- right-censored cutoffs (window not complete). Microbatch by month, one cutoff a batch (churn_cutoffs
-- declares event_time, so each batch sees its own cutoff): memory stays bounded at the large scale, and
-- each build recomputes the last four months of cutoffs so labels fill in as their windows complete.
-- The label reads orders *after* the cutoff, so its ref opts out of the window (window=false).
with features as (
  {{customer_features (ref "churn_cutoffs") (ref "fact_sales") (ref "dim_product") (ref "stg_web_events") (ref "stg_customer_versions")}}
)
select f.*, c.is_labelled,
  case when not c.is_labelled then null
       when exists (select 1 from {{ref "stg_orders" window=false}} o where o.customer_id = f.customer_id
                    and o.ordered_at >= f.cutoff_date and o.ordered_at < f.cutoff_date + interval 90 day) then 0
       else 1 end as churned_90d,
  case when c.is_labelled then coalesce(n.spend, 0) end as spend_next_90d
from features f
join {{ref "churn_cutoffs"}} c on c.cutoff_date = f.cutoff_date
left join (
  select k.cutoff_date, s.customer_id, sum(s.revenue) as spend
  from {{ref "churn_cutoffs"}} k
  join {{ref "fact_sales"}} s on s.ordered_at >= k.cutoff_date and s.ordered_at < k.cutoff_date + interval 90 day
  group by k.cutoff_date, s.customer_id
) n on n.cutoff_date = f.cutoff_date and n.customer_id = f.customer_id
