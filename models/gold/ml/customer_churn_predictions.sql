{{config materialized="incremental" unique_key="customer_id" incremental_strategy="delete+insert"}}
-- Churn risk for every customer of the latest cutoff, scored in the warehouse by the deployed UDFs
-- of the churn model's default version (and the LTV model's). A table, not a view: a 200-tree UDF
-- is costly to plan, so each is evaluated once per row here. Incremental: a build scores only the
-- customers whose features (by row hash), cutoff or model versions differ from what is stored — a
-- new cutoff or a new default version rescores everyone, an ordinary day almost no one — and its
-- post-hook (gold.yml) drops customers who left the latest cutoff's scoring set.
with versions as (
  select (select max(version) from {{ref "churn_model"}} where is_default) as model_version,
         (select max(version) from {{ref "ltv_model"}} where is_default) as ltv_model_version
),
todo as (
  select s.*, {{row_hash "s"}} as features_hash
  from {{ref "churn_scoring_set"}} s
),
scored as (
  select s.*,
    {{predict "churn_model" alias="s"}} as churn_probability,
    {{predict "churn_model" output="class" alias="s"}} as predicted_churn,
    {{predict "ltv_model" alias="s"}} as predicted_spend_90d
  from todo s
  {{#if (is_incremental)}}
  where not exists (
    select 1 from {{this}} t cross join versions v
    where t.customer_id = s.customer_id and t.cutoff_date = s.cutoff_date and t.features_hash = s.features_hash
      and t.model_version = v.model_version and t.ltv_model_version = v.ltv_model_version)
  {{/if}}
)
select customer_id, cutoff_date, churn_probability, predicted_churn,
  case when churn_probability >= 0.7 then 'high' when churn_probability >= 0.4 then 'medium' else 'low' end as risk_band,
  predicted_spend_90d,
  (select model_version from versions) as model_version,
  (select ltv_model_version from versions) as ltv_model_version,
  segment, country, recency_days, orders_180d, revenue_180d, features_hash
from scored
