-- Typed and standardized customers, latest version per customer: trimmed names, lower-case e-mail,
-- upper-case country code. (The full history is kept by the SCD2 snapshot of a later issue.)
select
  cast(customer_id as integer) as customer_id,
  {{clean_text "first_name"}} as first_name,
  {{clean_text "last_name"}} as last_name,
  lower(trim(email)) as email,
  upper(trim(country)) as country,
  {{clean_text "city"}} as city,
  lower(trim(segment)) as segment,
  lower(trim(signup_channel)) as signup_channel,
  cast(signup_at as timestamp) as signup_at,
  cast(updated_at as timestamp) as updated_at
from {{ref "brz_customers"}}
qualify row_number() over (partition by customer_id order by cast(updated_at as timestamp) desc, _loaded_at desc) = 1
