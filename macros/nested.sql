{{!-- Nested data across adapters: DuckDB LIST of STRUCT, Snowflake ARRAY of OBJECT. --}}

{{!-- An aggregate building an ordered array of records from the named columns. On DuckDB the list is
     built unordered and sorted afterwards on a leading key: an ordered aggregate (`list(… order by …)`)
     cannot spill to disk and ran out of memory at the large scale (62 M order lines). --}}
{{#macro "array_of_structs" fields order_by}}
list_transform(list_sort(list(struct_pack(_k := {{order_by}}, _v := struct_pack({{#each fields}}{{this}} := {{this}}{{#unless @last}}, {{/unless}}{{/each}})))), x -> x._v)
{{/macro}}

{{#macro "snowflake__array_of_structs" fields order_by}}
array_agg(object_construct({{#each fields}}'{{this}}', {{this}}{{#unless @last}}, {{/unless}}{{/each}})) within group (order by {{order_by}})
{{/macro}}

{{!-- A join producing one row per element of an array column, as `alias`. --}}
{{#macro "unnest_join" array alias}}
cross join unnest({{array}}) as {{alias}}_rows({{alias}})
{{/macro}}

{{#macro "snowflake__unnest_join" array alias}}
, lateral flatten(input => {{array}}) {{alias}}
{{/macro}}

{{!-- A field of an unnested record, cast to `type`. --}}
{{#macro "struct_field" alias field type}}
cast({{alias}}.{{field}} as {{type}})
{{/macro}}

{{#macro "snowflake__struct_field" alias field type}}
{{alias}}.value:{{field}}::{{type}}
{{/macro}}
