-- models/all_orders.sql
select 'main.raw_orders' as _forge_source_relation, * from main.raw_orders
union all by name
select 'main.more_orders' as _forge_source_relation, * from main.more_orders

-- models/first_week.sql
select cast(range as date) as date_day from range(cast(cast('2024-01-01' as date) as timestamp), cast(cast('2024-01-08' as date) as timestamp), interval 1 day)

-- models/latest_orders.sql
select * from main.raw_orders
qualify row_number() over (partition by customer_id order by ordered_at desc) = 1

-- models/numbers.sql
select range as generated_number from range(1, 5 + 1)

-- models/orders_by_status.sql
select customer_id,
  sum(case when status = 'placed' then amount else 0 end) as amount_placed,
sum(case when status = 'shipped' then amount else 0 end) as amount_shipped,
sum(case when status = 'returned' then amount else 0 end) as amount_returned
from main.raw_orders
group by customer_id

-- models/orders_long.sql
select order_id, 'status' as field_name, cast(status as varchar) as value from main.raw_orders
union all
select order_id, 'amount' as field_name, cast(amount as varchar) as value from main.raw_orders

-- models/orders_slim.sql
select o.* exclude (amount, code)
from main.raw_orders as o

-- models/schema.yml/forge_utils_at_least_one_more_orders_channel.sql
select count(channel) as values_present from main.more_orders having count(channel) = 0

-- models/schema.yml/forge_utils_at_least_one_numbers_generated_number.sql
select count(generated_number) as values_present from main.numbers having count(generated_number) = 0

-- models/schema.yml/forge_utils_cardinality_equality_latest_orders_customer_id__ref_orders_by_status.sql
with counted as (
  select customer_id as value_field, count(*) as num_rows from main.latest_orders group by customer_id
),
compared as (
  select customer_id as value_field, count(*) as num_rows from main.orders_by_status group by customer_id
)
(select * from counted except select * from compared)
union all
(select * from compared except select * from counted)

-- models/schema.yml/forge_utils_cardinality_equality_raw_orders_order_id__ref_more_orders.sql
with counted as (
  select order_id as value_field, count(*) as num_rows from main.raw_orders group by order_id
),
compared as (
  select order_id as value_field, count(*) as num_rows from main.more_orders group by order_id
)
(select * from counted except select * from compared)
union all
(select * from compared except select * from counted)

-- models/schema.yml/forge_utils_equal_rowcount_more_orders.sql
select counted.n as model_rows, compared.n as compare_model_rows
from (select count(*) as n from main.more_orders) as counted
cross join (select count(*) as n from main.raw_orders) as compared
where counted.n <> compared.n

-- models/schema.yml/forge_utils_equal_rowcount_numbers.sql
select counted.n as model_rows, compared.n as compare_model_rows
from (select count(*) as n from main.numbers) as counted
cross join (select count(*) as n from main.raw_orders) as compared
where counted.n <> compared.n

-- models/schema.yml/forge_utils_expect_column_values_to_be_between_numbers_generated_number.sql
select * from main.numbers
where generated_number is not null and (false
  or generated_number < 1
  or generated_number > 5
)

-- models/schema.yml/forge_utils_expect_column_values_to_be_between_raw_orders_amount.sql
select * from main.raw_orders
where amount is not null and (false
  or amount <= 2
  or amount >= 9
)

-- models/schema.yml/forge_utils_expect_column_values_to_match_regex_raw_orders_code.sql
select * from main.raw_orders where code is not null and not regexp_matches(code, '^[A-Z]{2}-\d+$')

-- models/schema.yml/forge_utils_expect_column_values_to_match_regex_raw_orders_code_3aa8c9.sql
select * from main.raw_orders where code is not null and not regexp_matches(code, '^AB')

-- models/schema.yml/forge_utils_mutually_exclusive_ranges_ranges.sql
with ranges as (
  select valid_from as lower_bound, valid_to as upper_bound,
    lead(valid_from) over (partition by customer_id order by valid_from, valid_to) as next_lower_bound
  from main.ranges
)
select * from ranges
where lower_bound > upper_bound
  or next_lower_bound < upper_bound

-- models/schema.yml/forge_utils_mutually_exclusive_ranges_ranges_c5ff6d.sql
with ranges as (
  select valid_from as lower_bound, valid_to as upper_bound,
    lead(valid_from) over (partition by customer_id order by valid_from, valid_to) as next_lower_bound
  from main.ranges
)
select * from ranges
where lower_bound > upper_bound
  or next_lower_bound < upper_bound
  or next_lower_bound = upper_bound

-- models/schema.yml/forge_utils_not_constant_numbers_generated_number.sql
select count(distinct generated_number) as distinct_values from main.numbers having count(distinct generated_number) = 1

-- models/schema.yml/forge_utils_not_constant_raw_orders_amount.sql
select count(distinct amount) as distinct_values from main.raw_orders having count(distinct amount) = 1

-- models/schema.yml/forge_utils_sequential_values_first_week_date_day.sql
with ordered as (
  select date_day as value_field, lag(date_day) over (order by date_day) as previous_value
  from main.first_week
)
select * from ordered
where previous_value is not null
  and value_field <> (previous_value + 1 * interval 1 day)

-- models/schema.yml/forge_utils_sequential_values_numbers_generated_number.sql
with ordered as (
  select generated_number as value_field, lag(generated_number) over (order by generated_number) as previous_value
  from main.numbers
)
select * from ordered
where previous_value is not null
  and value_field <> previous_value + 1

-- models/schema.yml/forge_utils_sequential_values_ranges_valid_from.sql
with ordered as (
  select valid_from as value_field, lag(valid_from) over (order by valid_from) as previous_value
  from main.ranges
)
select * from ordered
where previous_value is not null
  and value_field <> previous_value + 1

-- models/schema.yml/forge_utils_sequential_values_raw_orders_order_id.sql
with ordered as (
  select order_id as value_field, lag(order_id) over (order by order_id) as previous_value
  from main.raw_orders
)
select * from ordered
where previous_value is not null
  and value_field <> previous_value + 1
