-- Customer dimension, SCD type 2: one row per version from the snapshot, with the current one flagged.
select
  s.forge_scd_id as customer_key,
  s.customer_id, s.first_name, s.last_name, s.email, s.country, r.region, s.city, s.segment, s.signup_channel,
  cast(s.signup_at as date) as signup_date,
  s.valid_from, s.valid_to, s.is_current
from {{ref "customers_snapshot"}} s
left join {{ref "country_regions"}} r on r.country_code = s.country
