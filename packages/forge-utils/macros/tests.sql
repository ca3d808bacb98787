{{!-- forge-utils: generic tests (dbt_utils and dbt_expectations names). In YAML: `- forge_utils.not_constant`,
     `- forge_utils.equal_rowcount: { compare_model: "ref('orders')" }`. Each selects the failing rows. --}}

{{!-- The model has as many rows as compare_model. --}}
{{#macro "test_equal_rowcount" model compare_model}}
select counted.n as model_rows, compared.n as compare_model_rows
from (select count(*) as n from {{model}}) as counted
cross join (select count(*) as n from {{compare_model}}) as compared
where counted.n <> compared.n
{{/macro}}

{{!-- The column has at least one value that is not null. --}}
{{#macro "test_at_least_one" model column_name}}
select count({{column_name}}) as values_present from {{model}} having count({{column_name}}) = 0
{{/macro}}

{{!-- The column has more than one distinct value. --}}
{{#macro "test_not_constant" model column_name}}
select count(distinct {{column_name}}) as distinct_values from {{model}} having count(distinct {{column_name}}) = 1
{{/macro}}

{{!-- Values (nulls aside) lie between min_value and max_value (either may be left out); strictly excludes the bounds. --}}
{{#macro "test_expect_column_values_to_be_between" model column_name min_value=null max_value=null strictly=false}}
select * from {{model}}
where {{column_name}} is not null and (false
{{#if (ne min_value null)}}  or {{column_name}} {{#if strictly}}<={{else}}<{{/if}} {{min_value}}
{{/if}}{{#if (ne max_value null)}}  or {{column_name}} {{#if strictly}}>={{else}}>{{/if}} {{max_value}}
{{/if}})
{{/macro}}

{{!-- Values (nulls aside) contain a match of the regular expression (anchor it with ^…$ for a whole match). --}}
{{#macro "test_expect_column_values_to_match_regex" model column_name regex}}
select * from {{model}} where {{column_name}} is not null and not regexp_matches({{column_name}}, {{string_literal regex}})
{{/macro}}

{{!-- Snowflake: regexp_instr searches (regexp_like would match the whole value); string_literal doubles backslashes. --}}
{{#macro "snowflake__test_expect_column_values_to_match_regex" model column_name regex}}
select * from {{model}} where {{column_name}} is not null and regexp_instr({{column_name}}, {{string_literal regex}}) = 0
{{/macro}}

{{!-- Ranges [lower_bound_column, upper_bound_column) do not overlap within a partition; gaps: allowed | not_allowed | required. --}}
{{#macro "test_mutually_exclusive_ranges" model lower_bound_column upper_bound_column partition_by=null gaps="allowed"}}
with ranges as (
  select {{lower_bound_column}} as lower_bound, {{upper_bound_column}} as upper_bound,
    lead({{lower_bound_column}}) over ({{#if partition_by}}partition by {{partition_by}} {{/if}}order by {{lower_bound_column}}, {{upper_bound_column}}) as next_lower_bound
  from {{model}}
)
select * from ranges
where lower_bound > upper_bound
  or next_lower_bound < upper_bound
{{#if (eq gaps "not_allowed")}}  or next_lower_bound > upper_bound
{{/if}}{{#if (eq gaps "required")}}  or next_lower_bound = upper_bound
{{/if}}
{{/macro}}

{{!-- Ordered, each value is the previous one plus interval (of datepart, when the column is a date or time). --}}
{{#macro "test_sequential_values" model column_name interval=1 datepart=null}}
with ordered as (
  select {{column_name}} as value_field, lag({{column_name}}) over (order by {{column_name}}) as previous_value
  from {{model}}
)
select * from ordered
where previous_value is not null
  and value_field <> {{#if datepart}}{{dateadd datepart interval "previous_value"}}{{else}}previous_value + {{interval}}{{/if}}
{{/macro}}

{{!-- The column has the same distinct values, with the same counts, as field in the relation `to`. --}}
{{#macro "test_cardinality_equality" model column_name field to}}
with counted as (
  select {{column_name}} as value_field, count(*) as num_rows from {{model}} group by {{column_name}}
),
compared as (
  select {{field}} as value_field, count(*) as num_rows from {{to}} group by {{field}}
)
(select * from counted except select * from compared)
union all
(select * from compared except select * from counted)
{{/macro}}
