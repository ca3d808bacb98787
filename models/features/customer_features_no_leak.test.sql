-- Point-in-time correctness: recompute the features of the latest labelled cutoff from inputs cut
-- strictly before it; any difference from the model means a feature read data at or after its cutoff.
-- A feature row depends only on its own customer's rows, so the check is exact on the customers it
-- samples (one in sixteen, by id), which keeps it cheap at the large scale.
with cut as (
  select max(cutoff_date) as cutoff_date from {{ref "customer_features"}} where is_labelled
),
recomputed as (
  {{customer_features
      "(select cutoff_date from cut)"
      (concat "(select * from " (ref "fact_sales") " where ordered_at < (select cutoff_date from cut) and customer_id % 16 = 0)")
      (ref "dim_product")
      (concat "(select * from " (ref "stg_web_events") " where occurred_at < (select cutoff_date from cut) and customer_id % 16 = 0)")
      (concat "(select * from " (ref "stg_customer_versions") " where updated_at < (select cutoff_date from cut) and customer_id % 16 = 0)")}}
),
built as (
  select * exclude (is_labelled, churned_90d, spend_next_90d) from {{ref "customer_features"}}
  where cutoff_date = (select cutoff_date from cut) and customer_id % 16 = 0
)
(select 'only in the model' as difference, * from (select * from built except select * from recomputed))
union all
(select 'only when cut at the cutoff', * from (select * from recomputed except select * from built))
