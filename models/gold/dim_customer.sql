select
  {{surrogate_key "c.customer_id"}} as customer_key,
  c.customer_id, c.first_name, c.last_name, c.email, c.country, r.region, c.city, c.segment, c.signup_channel,
  cast(c.signup_at as date) as signup_date,
  {{datediff "day" "c.signup_at" "current_date"}} as tenure_days
from {{ref "stg_customers"}} c
left join {{ref "country_regions"}} r on r.country_code = c.country
