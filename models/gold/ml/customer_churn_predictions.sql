{{config materialized="table"}}
-- Churn risk for every customer of the latest cutoff, scored in the warehouse by the deployed UDFs
-- of the churn model's default version (and the LTV model's). A table, not a view: a 200-tree UDF
-- is costly to plan, so each is evaluated once per row here.
with scored as (
  select s.*,
    {{predict "churn_model" alias="s"}} as churn_probability,
    {{predict "churn_model" output="class" alias="s"}} as predicted_churn,
    {{predict "ltv_model" alias="s"}} as predicted_spend_90d
  from {{ref "churn_scoring_set"}} s
)
select customer_id, cutoff_date, churn_probability, predicted_churn,
  case when churn_probability >= 0.7 then 'high' when churn_probability >= 0.4 then 'medium' else 'low' end as risk_band,
  predicted_spend_90d,
  (select max(version) from {{ref "churn_model"}} where is_default) as model_version,
  segment, country, recency_days, orders_180d, revenue_180d
from scored
