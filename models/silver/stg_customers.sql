-- Typed and standardized customers: trimmed names, lower-case e-mail, upper-case country code.
select
  cast(customer_id as integer) as customer_id,
  {{clean_text "first_name"}} as first_name,
  {{clean_text "last_name"}} as last_name,
  lower(trim(email)) as email,
  upper(trim(country)) as country,
  lower(trim(segment)) as segment,
  cast(signup_at as date) as signup_date
from {{ref "brz_customers"}}
