{{config materialized="view"}}
-- What the churn and LTV models train on: each cutoff's point-in-time features with its labels (null
-- for right-censored cutoffs, whose 90-day window is not complete). A view over cutoff_features and
-- churn_labels, which are incremental on their own schedules.
select f.*, c.is_labelled,
  case when c.is_labelled then l.churned_90d end as churned_90d,
  case when c.is_labelled then l.spend_next_90d end as spend_next_90d
from {{ref "cutoff_features"}} f
join {{ref "churn_cutoffs"}} c on c.cutoff_date = f.cutoff_date
left join {{ref "churn_labels"}} l on l.cutoff_date = f.cutoff_date and l.customer_id = f.customer_id
