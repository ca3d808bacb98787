-- The latest cutoff's features: who to score for churn now.
select * exclude (churned_90d, spend_next_90d, is_labelled)
from {{ref "customer_features"}}
where cutoff_date = (select max(cutoff_date) from {{ref "customer_features"}})
