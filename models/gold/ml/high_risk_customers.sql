{{config materialized="table"}}
-- Customers most likely to churn, worth the most: who a retention campaign should call first.
select p.customer_id, p.churn_probability, p.risk_band, p.predicted_spend_90d, p.segment, p.country,
  p.recency_days, p.revenue_180d, p.model_version,
  round(p.churn_probability * greatest(p.predicted_spend_90d, 0), 2) as expected_revenue_at_risk
from {{ref "customer_churn_predictions"}} p
where p.risk_band = 'high'
order by expected_revenue_at_risk desc
