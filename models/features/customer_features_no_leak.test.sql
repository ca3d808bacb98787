-- Point-in-time correctness: recompute the features of the latest labelled cutoff and of the latest
-- cutoff (the scoring set) from inputs truncated at each — orders placed, deliveries made, returns
-- made, sessions and customer versions before it (features_truncated_at, macros/features.sql) — and
-- compare every feature; any difference means a feature read an event at or after its cutoff.
-- A feature row depends only on its own customer's rows, so the check is exact on the customers it
-- samples (one in sixteen, by id), which keeps it cheap at the large scale.
with cuts as (
  select max(case when is_labelled then cutoff_date end) as labelled, max(cutoff_date) as latest from {{ref "customer_features"}}
),
recomputed as (
  select * from ({{features_truncated_at "(select labelled from cuts)" (ref "fact_sales") (ref "dim_product") (ref "stg_web_events") (ref "stg_customer_versions") sample="customer_id % 16 = 0"}}) as labelled
  union all
  select * from ({{features_truncated_at "(select latest from cuts)" (ref "fact_sales") (ref "dim_product") (ref "stg_web_events") (ref "stg_customer_versions") sample="customer_id % 16 = 0"}}) as latest
),
built as (
  select * exclude (is_labelled, churned_90d, spend_next_90d) from {{ref "customer_features"}}
  where cutoff_date in ((select labelled from cuts), (select latest from cuts)) and customer_id % 16 = 0
)
(select 'only in the model' as difference, * from (select * from built except select * from recomputed))
union all
(select 'only when cut at the cutoff', * from (select * from recomputed except select * from built))
