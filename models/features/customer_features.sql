{{config materialized="incremental" unique_key="customer_id,cutoff_date" incremental_strategy="delete+insert"}}
-- Point-in-time features and the churn label per (customer, cutoff). Label: no order in the 90 days
-- after the cutoff; null for right-censored cutoffs (window not complete). New and recent cutoffs
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
       else 1 end as churned_90d
from features f
join {{ref "churn_cutoffs"}} c on c.cutoff_date = f.cutoff_date
