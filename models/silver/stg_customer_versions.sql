-- Every version of every customer as landed (deduplicated), for point-in-time attributes.
select distinct
  cast(customer_id as integer) as customer_id,
  lower(trim(segment)) as segment,
  upper(trim(country)) as country,
  lower(trim(signup_channel)) as signup_channel,
  cast(signup_at as timestamp) as signup_at,
  cast(updated_at as timestamp) as updated_at
from {{ref "brz_customers"}}
