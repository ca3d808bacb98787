{{!-- Custom generic tests: a macro named test_<name> with `model` (and `column_name` for column tests). --}}
{{#macro "test_non_negative" model column_name}}
select * from {{model}} where {{column_name}} < 0
{{/macro}}
