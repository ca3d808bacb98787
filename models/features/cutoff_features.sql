{{config materialized="incremental" incremental_strategy="microbatch" event_time="cutoff_date" batch_size="month" begin="2024-11-01" lookback="none"}}
-- Point-in-time features per (customer, cutoff), computed only from input rows strictly before the
-- cutoff (macros/features.sql). Microbatch by month, one cutoff a batch (churn_cutoffs declares
-- event_time, so each batch sees its own cutoff): memory stays bounded at the large scale. A cutoff
-- appears only once settled (churn_cutoffs), so its features are final: a build computes only new
-- cutoffs and redoes none (lookback "none"); the labels, which fill in for 90 days after a cutoff,
-- are their own model (churn_labels).
{{customer_features (ref "churn_cutoffs") (ref "fact_sales") (ref "dim_product") (ref "stg_web_events") (ref "stg_customer_versions")}}
