{{!-- forge-utils: SQL generators. Call them with the package's namespace: {{forge_utils.pivot …}}.
     A project overrides one by defining a macro of the same qualified name ("forge_utils.pivot"). --}}

{{!-- One aggregated column per value: agg(case when column = 'value' then then_value else else_value end) as prefix+value+suffix.
     The values are given (a list literal or a var); quote_identifiers=true quotes the aliases. --}}
{{#macro "pivot" column values agg="sum" then_value=1 else_value=0 prefix="" suffix="" quote_identifiers=false}}
{{#each values}}{{../agg}}(case when {{../column}} = {{string_literal this}} then {{../then_value}} else {{../else_value}} end) as {{#if ../quote_identifiers}}"{{../prefix}}{{this}}{{../suffix}}"{{else}}{{../prefix}}{{this}}{{../suffix}}{{/if}}{{#unless @last}},
{{/unless}}{{/each}}
{{/macro}}

{{!-- The named columns of a relation as rows: the kept columns, then field_name (the column's name) and value (cast to cast_to). --}}
{{#macro "unpivot" relation columns keep cast_to="varchar" field_name="field_name" value_name="value"}}
{{#each columns}}{{#unless @first}}
union all
{{/unless}}select {{#each ../keep}}{{this}}, {{/each}}{{string_literal this}} as {{../field_name}}, cast({{this}} as {{../cast_to}}) as {{../value_name}} from {{../relation}}{{/each}}
{{/macro}}

{{!-- Every column of a relation but the excepted ones: `select {{forge_utils.star except=(array "a" "b") relation_alias="o"}} from … as o`. --}}
{{#macro "star" except relation_alias=""}}
{{#if relation_alias}}{{relation_alias}}.{{/if}}* exclude ({{join except ", "}})
{{/macro}}

{{!-- The rows of several relations stacked, columns matched by name (missing ones are null), with the relation each row came from. --}}
{{#macro "union_relations" relations source_column_name="_forge_source_relation"}}
{{#each relations}}{{#unless @first}}
union all by name
{{/unless}}select {{string_literal this}} as {{../source_column_name}}, * from {{this}}{{/each}}
{{/macro}}

{{!-- The numbers 1 … upper_bound as generated_number. --}}
{{#macro "generate_series" upper_bound}}
select range as generated_number from range(1, {{upper_bound}} + 1)
{{/macro}}

{{#macro "snowflake__generate_series" upper_bound}}
select row_number() over (order by seq4()) as generated_number from table(generator(rowcount => {{upper_bound}}))
{{/macro}}

{{!-- One row per datepart (day, week, month…) from start_date (included) to end_date (excluded), as date_<datepart>.
     Both are SQL expressions: "cast('2024-01-01' as date)". On Snowflake at most 100,000 steps. --}}
{{#macro "date_spine" datepart start_date end_date}}
select cast(range as date) as date_{{datepart}} from range(cast({{start_date}} as timestamp), cast({{end_date}} as timestamp), interval 1 {{datepart}})
{{/macro}}

{{#macro "snowflake__date_spine" datepart start_date end_date}}
select date_{{datepart}} from (
  select cast(dateadd({{datepart}}, row_number() over (order by seq4()) - 1, cast({{start_date}} as date)) as date) as date_{{datepart}}
  from table(generator(rowcount => 100000))
) as forge_spine
where date_{{datepart}} < cast({{end_date}} as date)
{{/macro}}

{{!-- One row per partition: the first by order_by (e.g. "updated_at desc"). --}}
{{#macro "deduplicate" relation partition_by order_by}}
select * from {{relation}}
qualify row_number() over (partition by {{partition_by}} order by {{order_by}}) = 1
{{/macro}}
