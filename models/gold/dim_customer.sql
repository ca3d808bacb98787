select
  {{surrogate_key "customer_id"}} as customer_key,
  customer_id, first_name, last_name, email, country, segment, signup_date
from {{ref "stg_customers"}}
