select
  {{surrogate_key "customer_id"}} as customer_key,
  customer_id, first_name, last_name, email, country, segment, signup_date,
  {{datediff "day" "signup_date" "current_date"}} as tenure_days
from {{ref "stg_customers"}}
