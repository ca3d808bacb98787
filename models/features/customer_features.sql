{{config materialized="incremental" unique_key="customer_id,cutoff_date" incremental_strategy="delete+insert"}}
-- Point-in-time features and the labels per (customer, cutoff). churned_90d: no order in the 90 days
-- after the cutoff; spend_next_90d: revenue in those 90 days (the LTV model's label); both null for
-- right-censored cutoffs (window not complete). New and recent cutoffs
-- are (re)computed incrementally: the last four months, so labels fill in as their window completes.
with features as (
  {{customer_features
      (concat "(select * from " (ref "churn_cutoffs")
        (if (is_incremental) (concat " where cutoff_date > (select max(cutoff_date) from " this ") - interval 120 day") "") ")")
      (ref "fact_sales") (ref "dim_product") (ref "stg_web_events") (ref "stg_customer_versions")}}
)
select f.*, c.is_labelled,
  case when not c.is_labelled then null
       when exists (select 1 from {{ref "stg_orders"}} o where o.customer_id = f.customer_id
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
