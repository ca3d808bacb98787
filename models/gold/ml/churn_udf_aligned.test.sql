-- The seed's check "model UDF predictions are aligned with expected churn logic", made precise:
-- (1) the class UDF is a threshold on the probability (every predicted churner scores above every
-- predicted stayer); (2) on the last labelled cutoff (one customer in eight, by id, to bound the UDF calls),
-- customers who did churn got a higher mean predicted probability than those who stayed; (3) lapsed
-- customers (no order for 90+ days) score higher on average than recent buyers (under 30 days).
with labelled as (
  select f.churned_90d, {{predict "churn_model" alias="f"}} as p
  from {{ref "customer_features"}} f
  where f.cutoff_date = (select max(cutoff_date) from {{ref "customer_features"}} where is_labelled)
    and f.customer_id % 8 = 0
),
checks as (
  select 'class is not a threshold on the probability' as problem, count(*) as n
  from {{ref "customer_churn_predictions"}}
  where predicted_churn = 1
    and churn_probability < (select max(churn_probability) from {{ref "customer_churn_predictions"}} where predicted_churn = 0)
  union all
  select 'churners do not score higher than stayers', count(*)
  from (select avg(case when churned_90d = 1 then p end) as churners, avg(case when churned_90d = 0 then p end) as stayers from labelled)
  where not (churners > stayers)
  union all
  select 'lapsed customers do not score higher than recent buyers', count(*)
  from (select avg(case when recency_days > 90 then churn_probability end) as lapsed, avg(case when recency_days < 30 then churn_probability end) as recent
        from {{ref "customer_churn_predictions"}})
  where not (lapsed > recent)
)
select * from checks where n > 0
