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

{{!-- One row per element of an array column: every column of `relation` plus the element as `alias`
     (read its fields with element_field). On DuckDB the unnest sits in the projection: a correlated
     `cross join unnest(…)` is decorrelated into a join that was ~8× slower on the nested orders. --}}
{{#macro "unnest_rows" relation array alias}}
(select *, unnest({{array}}) as {{alias}} from {{relation}})
{{/macro}}

{{#macro "snowflake__unnest_rows" relation array alias}}
(select forge_r.*, forge_f.value as {{alias}} from {{relation}} forge_r, lateral flatten(input => forge_r.{{array}}) forge_f)
{{/macro}}

{{!-- A field of an element from unnest_rows, cast to `type`. --}}
{{#macro "element_field" alias field type}}
cast({{alias}}.{{field}} as {{type}})
{{/macro}}

{{#macro "snowflake__element_field" alias field type}}
{{alias}}:{{field}}::{{type}}
{{/macro}}
